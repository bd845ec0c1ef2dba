/* Site search with Pagefind (the index is built by `make site` into pagefind/).
   Nothing of the index is fetched until the visitor opens the search (button, `s` or `/`).
   Results show the project's year, department and scores (data-pagefind-meta, written by
   generator/site/templates/_search.md.j2); an exact title or department name comes first.
   Author text is only ever inserted as text: excerpts keep Pagefind's <mark> and nothing else.
   No outside requests: pagefind.js, its wasm and index files are served by the site itself. */
(function () {
  "use strict";

  /* The words a query is searched by, separated by spaces (Pagefind's own segmentation of a
     Chinese query is turned off in pagefind.js by generator/site/pagefindmeta.py, which says
     why). The query is segmented as Pagefind segments it (the browser's word segmenter, its
     punctuation dropped, lower case); then a word of one Chinese character followed, with
     nothing between, by a Chinese word is searched as the pair of characters (运 / 维 → 运维):
     Pagefind indexes every such pair, across the record's own word boundaries too, and finds
     every word a query word begins, so 运 alone fetches every word from 运输 to 运营 — at
     50,000 records several hundred kilobytes — where 运维 fetches only its own. A single
     character after such a pair is in it already. One that ends the run after a longer Chinese
     word is asked for with that word's last character (示例 / 市 → 示例 例市): the pair across
     the boundary is indexed exactly where the character begins the next word, which is where
     the character alone found it, and 市 alone fetches every 市… word. After a number or a
     Latin word (2023 / 年 → 2023 3年) the pair is one generator/site/pagefindmeta.py adds
     (`joined_pairs`: Pagefind indexes none there) wherever such a word meets a Chinese one
     with nothing between.
     Words the visitor separated by spaces are never joined. */
  var HAN = /^\p{Script=Han}$/u;
  var ASCII_END = /^[0-9a-z]$/;
  var PUNCTUATION = /^\p{Pd}|\p{Pe}|\p{Pf}|\p{Pi}|\p{Po}|\p{Ps}$/u;
  function searchTerms(query) {
    if (typeof Intl === "undefined" || typeof Intl.Segmenter !== "function") { return query; }
    var words = new Intl.Segmenter("zh", { granularity: "word" });
    var graphemes = new Intl.Segmenter("zh", { granularity: "grapheme" });
    var out = [];
    var run = [];
    function flush() {
      run.forEach(function (word, i) {
        var chars = Array.from(word);
        if (chars.length === 1 && HAN.test(word)) {
          var next = i + 1 < run.length ? Array.from(run[i + 1])[0] : "";
          if (HAN.test(next)) { out.push(word + next); return; }
          if (i > 0) {
            var before = Array.from(run[i - 1]);
            var last = before[before.length - 1];
            if (before.length === 1 && HAN.test(last)) { return; }
            if (HAN.test(last) || ASCII_END.test(last)) { out.push(last + word); return; }
          }
        }
        out.push(word);
      });
      run = [];
    }
    query.split(/\s+/).forEach(function (part) {
      Array.from(words.segment(part)).forEach(function (segment) {
        var kept = Array.from(graphemes.segment(segment.segment)).map(function (g) { return g.segment; })
          .filter(function (g) { return !PUNCTUATION.test(g); }).join("").toLocaleLowerCase();
        if (segment.isWordLike && kept !== "") { run.push(kept); return; }
        flush();
        if (kept.trim() !== "") { out.push(kept.trim()); }
      });
      flush();
    });
    return out.join(" ");
  }
  window.jxSearchTerms = searchTerms;

  var root = document.querySelector("[data-jx-search]");
  if (!root || typeof window.HTMLDialogElement !== "function") { return; }
  var base = new URL((root.getAttribute("data-base") || ".").replace(/\/?$/, "/"), location.href);
  var dialog = root.querySelector("dialog");
  var input = root.querySelector("[data-jx-search-input]");
  var status = root.querySelector("[data-jx-search-status]");
  var list = root.querySelector("[data-jx-search-results]");
  var more = root.querySelector("[data-jx-search-more]");
  var selects = Array.prototype.slice.call(root.querySelectorAll("[data-jx-search-filter]"));
  var PAGE = 10;
  var BATCH = 5;
  var engine = null;        /* Promise of the Pagefind module, created on first opening */
  var current = { results: [], shown: 0, query: "", token: 0 };

  function shards() {
    return (root.getAttribute("data-shards") || "").split(/\s+/).filter(Boolean);
  }

  /* The filter values (年度, 部门, 等级) and their numbers of records are a small file of each
     index (pagefind/jx-counts.json, written by generator/site/searchindex.py: Pagefind itself
     counts search documents, and a document holds several records), fetched only when the
     visitor reaches for a filter, so a plain query stays small. */
  var filled = null;
  function fillFilters() {
    if (filled !== null) { return filled; }
    var indexes = [new URL("pagefind/", base)].concat(shards().map(function (s) { return new URL(s, base); }));
    filled = Promise.all(indexes.map(function (index) {
      return fetch(new URL("jx-counts.json", index).href).then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; });
    })).then(function (all) {
      selects.forEach(function (select) {
        var name = select.getAttribute("data-jx-search-filter");
        var counts = {};
        all.forEach(function (one) {
          var these = one[name] || {};
          Object.keys(these).forEach(function (value) { counts[value] = (counts[value] || 0) + these[value]; });
        });
        Object.keys(counts).sort().reverse().forEach(function (value) {
          var option = document.createElement("option");
          option.value = value;
          option.textContent = value + "（" + counts[value] + "）";
          select.appendChild(option);
        });
      });
    });
    return filled;
  }

  function load() {
    if (engine === null) {
      engine = import(new URL("pagefind/pagefind.js", base).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: base.pathname, excerptLength: 30 }).then(function () {
          return Promise.all(shards().map(function (shard) {
            var index = new URL(shard, base);             /* <shard root>/pagefind/ */
            return pagefind.mergeIndex(index.href, { baseUrl: new URL("..", index).pathname });
          }));
        }).then(function () { return pagefind.init(); })
          .then(function () { return pagefind; });
      });
      engine.catch(function () { status.textContent = "搜索暂时无法使用：未能载入搜索索引。"; });
    }
    return engine;
  }

  /* Pagefind's excerpt is HTML: keep its text and its <mark> highlights, nothing else. */
  function excerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var out = document.createElement("p");
    out.className = "jx-search__excerpt";
    Array.prototype.forEach.call(template.content.childNodes, function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function metaLine(meta) {
    var parts = [];
    if (meta.kind && meta.kind !== "项目") { parts.push(meta.kind + "页面"); }
    if (meta.year) { parts.push(meta.year + " 年度"); }
    if (meta.department) { parts.push(meta.department); }
    if (meta.reported) {
      parts.push("原表总分 " + meta.reported + "，复核 " + (meta.recomputed || "—") +
                 (meta.grade ? "（" + meta.grade + "）" : ""));
    }
    return parts.join(" · ");
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "jx-search__result";
    var link = document.createElement("a");
    link.href = data.url;
    link.className = "jx-search__link";
    link.textContent = (data.meta && data.meta.title) || data.url;
    li.appendChild(link);
    var line = metaLine(data.meta || {}) + (data.partial ? "（只含部分检索词）" : "");
    if (line) {
      var meta = document.createElement("p");
      meta.className = "jx-search__meta";
      meta.textContent = line;
      li.appendChild(meta);
    }
    li.appendChild(excerpt(data.excerpt || ""));
    return li;
  }

  /* A search document is a page, or a group of records of one year, department and grade
     (generator/site/searchindex.py): each record is a section under a heading with the id
     r1, r2, … that Pagefind returns as a sub-result; the meta `records` lists each record's
     address (relative to the site the document belongs to) and its scores. */
  function entries(data, terms) {
    var listed = null;
    try { listed = data.meta && data.meta.records ? JSON.parse(data.meta.records) : null; } catch (e) { listed = null; }
    if (!listed) { return [data]; }
    var home = new URL("../../", new URL(data.url, location.href));  /* <site>/jx-search/N/ */
    return (data.sub_results || []).map(function (sub) {
      var found = /#r(\d+)$/.exec(sub.url || "");
      var record = found ? listed[Number(found[1]) - 1] : null;
      if (!record) { return null; }
      var text = clean(sectionText(data, sub));
      return {
        url: new URL(record[0], home).pathname,
        excerpt: sub.excerpt,
        partial: !terms.every(function (term) { return text.indexOf(term) >= 0; }),
        meta: { kind: "项目", title: sub.title, year: data.meta.year, department: data.meta.department,
                reported: record[1], recomputed: record[2], grade: data.meta.grade }
      };
    }).filter(Boolean);
  }

  /* The indexed text of one record of a group: its words, from its heading to the next one
     (Pagefind's word locations; the content is split as Pagefind's excerpts split it). */
  function sectionText(data, sub) {
    var content = data.raw_content;
    if (!sub.anchor || typeof content !== "string") { return ""; }
    var start = sub.anchor.location;
    var after = (data.anchors || []).map(function (a) { return a.location; })
      .filter(function (at) { return at > start; });
    var words = content.indexOf("\u200B") >= 0 ? content.split("\u200B") : content.split(/[\r\n\s]+/g);
    return words.slice(start, after.length ? Math.min.apply(null, after) : undefined).join("")
      .replace(/&lt;/g, "<").replace(/&gt;/g, ">");
  }

  function clean(text) { return text.replace(/\s+/g, "").toLowerCase(); }

  /* An exact title or department name ranks its own page first, whatever the scores say. */
  function exactFirst(loaded, query) {
    var wanted = clean(query);
    var exact = function (data) { return data.meta && clean(data.meta.title || "") === wanted; };
    return loaded.filter(exact).concat(loaded.filter(function (d) { return !exact(d); }));
  }

  /* Documents are fetched BATCH at a time (each is a fragment file to download), until the box
     lists PAGE results or has fetched PAGE documents: a group often holds several records. */
  function showMore(token, listed, fetched) {
    listed = listed || 0;
    fetched = fetched || 0;
    var batch = current.results.slice(current.shown, current.shown + BATCH);
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (documents) {
      if (token !== current.token) { return; }
      var terms = current.query.split(/\s+/).map(clean).filter(Boolean);
      var loaded = [].concat.apply([], documents.map(function (d) { return entries(d, terms); }));
      /* A group is found when it holds every word of the query; a record of it that holds only
         some of them comes after those that hold them all, and says so. */
      loaded = loaded.filter(function (d) { return !d.partial; })
        .concat(loaded.filter(function (d) { return d.partial; }));
      var lead = current.lead;
      if (lead) { loaded = loaded.filter(function (d) { return d.url !== lead.url; }); }
      if (current.shown === 0) { loaded = exactFirst((lead ? [lead] : []).concat(loaded), current.query); }
      loaded.forEach(function (data) { list.appendChild(item(data)); });
      current.shown += batch.length;
      more.hidden = current.shown >= current.results.length;
      listed += loaded.length;
      fetched += batch.length;
      if (listed < PAGE && fetched < PAGE && !more.hidden) { return showMore(token, listed, fetched); }
      list.setAttribute("aria-busy", "false");
    });
  }

  function chosenFilters() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) { filters[select.getAttribute("data-jx-search-filter")] = select.value; }
    });
    return filters;
  }

  function run() {
    var query = input.value.trim();
    var token = ++current.token;
    list.setAttribute("aria-busy", query === "" ? "false" : "true");  /* until the results are listed */
    if (query === "") {
      list.textContent = "";
      status.textContent = "";
      more.hidden = true;
      return;
    }
    status.textContent = "正在搜索……";
    load().then(function (pagefind) {
      return pagefind.debouncedSearch(searchTerms(query), { filters: chosenFilters() }, 250).then(function (search) {
        return search === null ? null : named(pagefind, query).then(function (lead) {
          return { results: search.results, lead: lead };
        });
      });
    }).then(function (search) {
      if (search === null || token !== current.token) { return; }
      current = { results: search.results, lead: search.lead, shown: 0, query: query, token: token };
      list.textContent = "";
      if (search.results.length === 0) { list.setAttribute("aria-busy", "false"); }
      status.textContent = search.results.length === 0
        ? "没有找到包含“" + query + "”的页面。"
        : "找到 " + search.results.length + " 组结果（同一年度、部门的项目合为一组）。";
      return showMore(token);
    });
  }

  /* A department's name leads to its page, however many records repeat the name (and rank
     above it): the pages a name leads to carry the filter 名称页, asked for apart. */
  function named(pagefind, query) {
    if (Object.keys(chosenFilters()).length) { return Promise.resolve(null); }
    return pagefind.search(searchTerms(query), { filters: { "名称页": ["部门"] } }).then(function (found) {
      return found && found.results.length ? found.results[0].data() : null;
    }).then(function (data) {
      return data && data.meta && clean(data.meta.title || "") === clean(query) ? data : null;
    });
  }

  function open() {
    if (!dialog.open) { dialog.showModal(); }
    input.focus();
    load();
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  var opener = root.querySelector(".jx-search__open");
  var header = document.querySelector(".md-header__inner");
  var palette = header && header.querySelector("form.md-header__option");
  if (header) { header.insertBefore(opener, palette ? palette.nextSibling : null); }
  root.hidden = false;
  opener.addEventListener("click", open);
  root.querySelector("[data-jx-search-close]").addEventListener("click", function () { dialog.close(); });
  root.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); run(); });
  input.addEventListener("input", run);
  selects.forEach(function (select) {
    select.addEventListener("change", run);
    select.addEventListener("focus", fillFilters);
    select.addEventListener("pointerdown", fillFilters);
  });
  more.addEventListener("click", function () {
    list.setAttribute("aria-busy", "true");
    showMore(current.token, 0, 0);
  });
  document.addEventListener("keydown", function (event) {
    if ((event.key === "s" || event.key === "/") && !event.ctrlKey && !event.metaKey &&
        !event.altKey && !typing(event.target) && !dialog.open) {
      event.preventDefault();
      open();
    }
  });
})();
