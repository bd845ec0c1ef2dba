/* Sorting and filtering of the project tables, in the browser, without a server.
   Progressive: without JavaScript the tables are complete, only not sortable.
   Runs on every page load (Material's document$ when present, so it also survives
   instant navigation should it ever be switched on). No outside requests. */
(function () {
  "use strict";

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

  function makeSortable(table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, column) {
      var button = document.createElement("button");
      var mark = document.createElement("span");
      button.type = "button";
      button.className = "jx-sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      mark.className = "jx-sort__mark";
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = "↕";
      button.appendChild(mark);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) {
          other.setAttribute("aria-sort", "none");
          other.querySelector(".jx-sort__mark").textContent = "↕";
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        mark.textContent = ascending ? "▲" : "▼";
        sortBy(table, column, th.getAttribute("data-type") || "text", ascending);
      });
    });
  }

  function makeFilterable(table, controls) {
    var text = controls.querySelector("[data-jx-filter]");
    var grade = controls.querySelector("[data-jx-grade]");
    var findings = controls.querySelector("[data-jx-findings]");
    var count = controls.querySelector("[data-jx-count]");
    function apply() {
      var words = text.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      var rows = table.tBodies[0].rows;
      Array.prototype.forEach.call(rows, function (row) {
        var content = row.textContent.toLowerCase();
        var ok = words.every(function (word) { return content.indexOf(word) !== -1; }) &&
          (!grade.value || row.getAttribute("data-grade") === grade.value) &&
          (!findings.checked || row.getAttribute("data-findings") !== "0");
        row.hidden = !ok;
        shown += ok ? 1 : 0;
      });
      count.textContent = "显示 " + shown + " / " + rows.length + " 个项目";
    }
    text.addEventListener("input", apply);
    text.addEventListener("keyup", apply);
    grade.addEventListener("change", apply);
    findings.addEventListener("change", apply);
    controls.hidden = false;
    apply();
  }

  function setup() {
    document.querySelectorAll("table[data-jx-sortable]").forEach(function (table) {
      if (table.getAttribute("data-jx-ready")) { return; }
      table.setAttribute("data-jx-ready", "1");
      makeSortable(table);
      var controls = document.querySelector('[data-jx-controls="' + table.id + '"]');
      if (controls) { makeFilterable(table, controls); }
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
