/* Sorting, filtering and CSV download of the project tables, in the browser, without a server.
   Progressive: without JavaScript the tables are complete, only not sortable or filterable.
   The filters and the sort of a table with controls are kept in the page's URL (?q=…&sort=…),
   so a view can be shared. A large year's rows come from its rows.json (generator/site/yearrows.py).
   Runs on every page load (Material's document$ when present). No outside requests. */
(function () {
  "use strict";

  var PARAMS = ["q", "dept", "grade", "min", "max", "findings", "sort", "dir"];

  function key(cell, type) {
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (type !== "number") { return raw; }
    if (raw === "") { return null; }
    var number = Number(raw);
    return isNaN(number) ? null : number;
  }

  function compare(a, b, type, sign) {
    if (a.key === null || b.key === null) {            /* blanks last, either direction */
      return a.key === b.key ? a.index - b.index : (a.key === null ? 1 : -1);
    }
    var order = type === "number" ? a.key - b.key : String(a.key).localeCompare(String(b.key), "zh-CN");
    return order !== 0 ? sign * order : a.index - b.index;
  }

  function sortBy(table, column, type, ascending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.map.call(body.rows, function (row, index) {
      return { row: row, index: index, key: key(row.cells[column], type) };
    });
    rows.sort(function (a, b) { return compare(a, b, type, ascending ? 1 : -1); });
    rows.forEach(function (item) { body.appendChild(item.row); });
  }

  function headerText(th) {
    var button = th.querySelector(".jx-sort__label");
    return (button || th).textContent.trim();
  }

  /* Sort buttons in the headers; `changed` is told of every sort (to write the URL). */
  function makeSortable(table, changed) {
    var headers = table.tHead.rows[0].cells;
    function apply(column, ascending) {
      var th = headers[column];
      Array.prototype.forEach.call(headers, function (other) {
        other.setAttribute("aria-sort", "none");
        other.querySelector(".jx-sort__mark").textContent = "↕";
      });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      th.querySelector(".jx-sort__mark").textContent = ascending ? "▲" : "▼";
      sortBy(table, column, th.getAttribute("data-type") || "text", ascending);
    }
    Array.prototype.forEach.call(headers, function (th, column) {
      var button = document.createElement("button");
      var label = document.createElement("span");
      var mark = document.createElement("span");
      button.type = "button";
      button.className = "jx-sort";
      label.className = "jx-sort__label";
      while (th.firstChild) { label.appendChild(th.firstChild); }
      button.appendChild(label);
      mark.className = "jx-sort__mark";
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = "↕";
      button.appendChild(mark);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        apply(column, ascending);
        changed(th.getAttribute("data-key"), ascending);
      });
    });
    return function (sortKey, ascending) {   /* sort by a column's data-key (from the URL) */
      Array.prototype.forEach.call(headers, function (th, column) {
        if (th.getAttribute("data-key") === sortKey) { apply(column, ascending); }
      });
    };
  }

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    var state = {};
    PARAMS.forEach(function (name) { state[name] = params.get(name) || ""; });
    return state;
  }

  function writeUrl(state) {
    var params = new URLSearchParams();
    PARAMS.forEach(function (name) { if (state[name]) { params.set(name, state[name]); } });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") +
      window.location.hash);
  }

  function csvCell(text, numeric) {
    var value = text;
    if (numeric) { value = value.replace(/,/g, ""); }
    else if (/^[=+\-@\t\r]/.test(value)) { value = "'" + value; }   /* never a formula in Excel */
    return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  /* The rows shown, as CSV with a BOM (Excel reads UTF-8 then), with each project's address. */
  function download(table, name) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var lines = [headers.map(function (th) { return csvCell(headerText(th), false); })
      .concat(["网址"]).join(",")];
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      if (row.hidden) { return; }
      var cells = headers.map(function (th, i) {
        return csvCell(row.cells[i].textContent.trim(), th.getAttribute("data-type") === "number");
      });
      var link = row.querySelector("a");
      lines.push(cells.concat([link ? csvCell(link.href, false) : ""]).join(","));
    });
    var blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
    var anchor = document.createElement("a");
    anchor.href = URL.createObjectURL(blob);
    anchor.download = name;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(function () { URL.revokeObjectURL(anchor.href); }, 1000);
  }

  function makeFilterable(table, controls) {
    var field = function (name) { return controls.querySelector("[data-jx-" + name + "]"); };
    var text = field("filter"), dept = field("dept"), grade = field("grade"), findings = field("findings");
    var low = field("min"), high = field("max"), count = field("count");
    var state = readUrl();
    var sortTo = makeSortable(table, function (sortKey, ascending) {
      state.sort = sortKey; state.dir = ascending ? "asc" : "desc";
      writeUrl(state);
    });

    function number(input) {
      var value = input.value.trim();
      return value === "" || isNaN(Number(value)) ? null : Number(value);
    }

    function apply(write) {
      var words = text.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var min = number(low), max = number(high);
      var shown = 0;
      var rows = table.tBodies[0].rows;
      Array.prototype.forEach.call(rows, function (row) {
        var score = Number(row.getAttribute("data-score"));
        var content = row.textContent.toLowerCase();
        var ok = words.every(function (word) { return content.indexOf(word) !== -1; }) &&
          (!dept || !dept.value || row.getAttribute("data-dept") === dept.value) &&
          (!grade.value || row.getAttribute("data-grade") === grade.value) &&
          (min === null || score >= min) && (max === null || score <= max) &&
          (!findings.checked || row.getAttribute("data-findings") !== "0");
        row.hidden = !ok;
        shown += ok ? 1 : 0;
      });
      count.textContent = "显示 " + shown + " / " + rows.length + " 个项目";
      if (write) {
        state.q = text.value.trim(); state.dept = dept ? dept.value : ""; state.grade = grade.value;
        state.min = low.value.trim(); state.max = high.value.trim();
        state.findings = findings.checked ? "1" : "";
        writeUrl(state);
      }
    }

    /* The view from the URL: a shared link opens exactly that view. */
    text.value = state.q;
    if (dept) { dept.value = state.dept; }
    grade.value = state.grade;
    low.value = state.min;
    high.value = state.max;
    findings.checked = state.findings === "1";
    if (state.sort) { sortTo(state.sort, state.dir !== "desc"); }

    var update = function () { apply(true); };
    [text, low, high].forEach(function (input) {
      input.addEventListener("input", update);
      input.addEventListener("keyup", update);
    });
    [dept, grade, findings].forEach(function (input) { if (input) { input.addEventListener("change", update); } });
    field("csv").addEventListener("click", function () { download(table, field("csv").getAttribute("data-name")); });
    field("reset").addEventListener("click", function () {
      text.value = ""; low.value = ""; high.value = ""; grade.value = ""; findings.checked = false;
      if (dept) { dept.value = ""; }
      apply(true);
    });
    controls.hidden = false;
    apply(false);
  }

  function prepare(table) {
    var controls = document.querySelector('[data-jx-controls="' + table.id + '"]');
    if (controls) { makeFilterable(table, controls); } else { makeSortable(table, function () {}); }
  }

  /* A large year: build the rows from rows.json, the same cells the page would hold. */
  function cell(row, label, text, className, sortKey) {
    var td = document.createElement("td");
    td.setAttribute("data-label", label);
    if (className) { td.className = className; }
    if (sortKey !== undefined) { td.setAttribute("data-sort", String(sortKey)); }
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function link(td, href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    td.textContent = "";
    td.appendChild(a);
  }

  function buildRows(table, data) {
    var root = new URL(document.querySelector("[data-jx-root]").getAttribute("data-jx-root"), window.location.href);
    var labels = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent.trim(); });
    var body = table.tBodies[0];
    var fragment = document.createDocumentFragment();
    data.rows.forEach(function (values) {
      var r = {};
      data.fields.forEach(function (name, i) { r[name] = values[i]; });
      var tr = document.createElement("tr");
      tr.setAttribute("data-grade", r.grade);
      tr.setAttribute("data-findings", String(r.findings));
      tr.setAttribute("data-dept", r.dept);
      tr.setAttribute("data-score", r.score);
      link(cell(tr, labels[0], "", "jx-name"), new URL(r.url, root).href, r.title);
      link(cell(tr, labels[1], ""), new URL(r.dept_url, root).href, r.dept);
      cell(tr, labels[2], r.budget_text, "jx-num", r.budget);
      cell(tr, labels[3], r.executed_text, "jx-num", r.executed);
      cell(tr, labels[4], r.rate_text, "jx-num", r.rate);
      cell(tr, labels[5], r.reported_text, "jx-num", r.reported);
      cell(tr, labels[6], r.score_text, "jx-num jx-score", r.score);
      cell(tr, labels[7], r.diff_text, "jx-num", r.diff);
      cell(tr, labels[8], r.grade_text);
      cell(tr, labels[9], r.findings_text, "", r.findings);
      fragment.appendChild(tr);
    });
    body.appendChild(fragment);
  }

  function load(table) {
    var url = table.getAttribute("data-jx-rows");
    var note = document.querySelector("[data-jx-large]");
    fetch(url).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (data) {
      buildRows(table, data);
      prepare(table);
    }, function () {
      if (note) { note.insertAdjacentHTML("beforeend", "<p>本年度数据未能读取，请按部门查看。</p>"); }
    });
  }

  function setup() {
    document.querySelectorAll("table[data-jx-sortable]").forEach(function (table) {
      if (table.getAttribute("data-jx-ready")) { return; }
      table.setAttribute("data-jx-ready", "1");
      if (table.hasAttribute("data-jx-rows")) { load(table); } else { prepare(table); }
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
