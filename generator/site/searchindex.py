"""The site's search index: Pagefind (npm `pagefind`, pinned in package.json) run on the built site.

MkDocs (or Zensical) writes the HTML; Pagefind reads it and writes `pagefind/` beside it: a
segmented index (Chinese with ICU4X, like the browser) split into small chunks, so a query
downloads only what it needs. What it reads: the page's `<article>`, without the review and
navigation blocks (`data-search-exclude`) nor the printed figures (numbers in the form are
not search terms and would run together in snippets); the meta and filters written by
`templates/_search.md.j2`. Nothing here prints: the caller reports the outcome.

Record pages are not indexed one by one: Pagefind's metadata file, which every query fetches,
holds one entry per indexed document (≈ 6.5 KiB per 1,000), so at 50,000 records it alone
weighed 313 KiB (31 KiB with groups of 16). The records are indexed in groups of at most `GROUP_SIZE` of one year,
department and grade (so the filters 年度, 部门, 等级 stay exact): a group document is the
records' own text (`read_record`: the title and the printed form's text cells, each once;
none of the labels and notes every record page repeats), each under a heading with the id
r1, r2, … that Pagefind returns as a sub-result, and its meta `records` lists each record's
address and scores. The search box
(`theme/javascripts/search.js`) shows the records, not the groups. Pagefind reads these
documents from a scratch folder (every other page linked there as it is); the site itself is
not changed, but for `pagefind/` and `pagefind/jx-counts.json` (records per filter value,
since Pagefind counts documents). docs/performance.md has the measurements.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from generator.site.pagefindmeta import UnexpectedIndex, rewrite_index

PAGEFIND_VERSION = "1.6.0"
ROOT = Path(__file__).resolve().parents[2]
EXCLUDED = ("[data-search-exclude]", ".jx-form td.jx-num", ".jx-form th[scope=col]")
"""Blocks kept out of the index: the review and table blocks, and the printed figures."""


@dataclass(frozen=True)
class Indexed:
    """The outcome of one indexing run: `problem` (Chinese) is None when it succeeded."""

    problem: str | None
    output: str = ""


def pagefind_binary() -> Path | None:
    """Return the Pagefind the project installed (`$PAGEFIND`, else node_modules/.bin)."""
    configured = os.environ.get("PAGEFIND")
    if configured:
        return Path(configured)
    local = ROOT / "node_modules" / ".bin" / "pagefind"
    if local.is_file():
        return local
    found = shutil.which("pagefind")
    return Path(found) if found else None


def pagefind_command(binary: Path, source: Path, output: Path) -> list[str]:
    """Return the command line that indexes the pages under `source` (every page but 404.html)
    into `output`."""
    return [str(binary), "--site", str(source), "--output-path", str(output),
            "--glob", "**/index.html", "--root-selector", "article",
            "--exclude-selectors", ", ".join(EXCLUDED), "--force-language", "zh", "--quiet"]


GROUP_SIZE = 16
"""Records per search document (see the module docstring and docs/performance.md)."""
FILTERS = (("年度", "year"), ("部门", "department"), ("等级", "grade"))
COUNTS_FILE = "jx-counts.json"
"""Written into pagefind/: the number of records per filter value (Pagefind counts documents)."""

_ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.S)
_META_DIV = re.compile(r'<div hidden(?:="[^"]*")? data-pagefind-ignore(?:="[^"]*")?>(.*?)</div>', re.S)
_META = re.compile(r'<span[^>]*\bdata-pagefind-meta="([a-z]+)"[^>]*>([^<]*)</span>')
_TITLE = re.compile(r'<h1 id="top"[^>]*>(.*?)</h1>', re.S)


@dataclass(frozen=True)
class SearchRecord:
    """One record page as the search reads it: its address, meta and indexed HTML."""

    url: str
    meta: dict[str, str]
    body: str


def read_record(site: Path, page: Path) -> SearchRecord | None:
    """Return the record page at `page` as a search section, or None if it is not a record.

    The section is the record's own text, not the page's: its title, then each distinct text
    cell of the printed form once (`form_texts`). The form's labels, the verdict, the review,
    the chart and the source notes are the same words on every record page: indexed, they
    made the common words' location lists, which every query of them fetches, several times
    longer (docs/performance.md, section "Fourth session")."""
    text = page.read_text(encoding="utf-8")
    if 'data-pagefind-meta="kind">项目<' not in text:  # any other page is indexed as it is
        return None
    article = _ARTICLE.search(text)
    meta_div = _META_DIV.search(text) if article is not None else None
    title = _TITLE.search(article.group(1)) if article is not None else None
    if article is None or meta_div is None or title is None:
        return None
    meta = {key: html.unescape(value) for key, value in _META.findall(meta_div.group(1))}
    heading = _plain(title.group(1))
    cells = [cell for cell in form_texts(article.group(1)) if cell != heading]
    body = f"<h2 data-jx-title>{html.escape(heading, quote=False)}</h2>" + "".join(
        f"<p>{html.escape(cell, quote=False)}</p>" for cell in cells)
    return SearchRecord(page.parent.relative_to(site).as_posix() + "/", meta, body)


def form_texts(article: str) -> list[str]:
    """Return the text cells of the printed form (`table.jx-form`, and the table of the form's
    scoring methods `table.jx-methods`) in page order, each distinct text once: the department
    and unit, goals, indicator categories and names, target and actual values, deviation
    reasons, notes. Not the labels (`th`), the printed figures (`td.jx-num`), the dashes
    (`td.jx-c`) nor the total row (its grade is a filter)."""
    reader = _FormCells()
    reader.feed(article)
    reader.close()
    return list(dict.fromkeys(reader.cells))


def _plain(markup: str) -> str:
    """Return the text of a bit of HTML, its spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", markup)).split())


_FORM_TABLES = frozenset({"jx-form", "jx-methods"})
_NOT_TEXT = frozenset({"jx-num", "jx-c"})


class _FormCells(HTMLParser):
    """Collects the text cells of the form tables, row by row (see `form_texts`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[str] = []
        self._depth = 0  # tables open since the form table opened (0: outside one)
        self._row: list[str] = []
        self._labels: list[str] = []
        self._text: list[str] | None = None
        self._kept = False  # whether the cell being read is kept

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a form table, a row or a cell."""
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "table" and (self._depth or _FORM_TABLES & classes):
            self._depth += 1
        elif not self._depth:
            return
        elif tag == "tr":
            self._row, self._labels, self._text = [], [], None
        elif tag in ("td", "th"):
            self._text, self._kept = [], tag == "td" and not _NOT_TEXT & classes

    def handle_endtag(self, tag: str) -> None:
        """Close what `handle_starttag` opened."""
        if not self._depth:
            return
        if tag == "table":
            self._depth -= 1
        elif tag in ("td", "th") and self._text is not None:
            value = " ".join("".join(self._text).split())
            if tag == "th":
                self._labels.append(value)
            elif self._kept and value:
                self._row.append(value)
            self._text = None
        elif tag == "tr":
            if "总分" not in self._labels:
                self.cells.extend(self._row)
            self._row = []

    def handle_data(self, data: str) -> None:
        """Keep the text of the cell being read."""
        if self._depth and self._text is not None:
            self._text.append(data)


def group_document(records: list[SearchRecord]) -> str:
    """Return the search document of a few records of one year, department and grade: each
    record a section under a heading with an id (Pagefind's sub-results), their addresses and
    scores in the meta `records` (JSON: [address, reported, recomputed] per anchor r1, r2, …)."""
    first = records[0].meta
    spans = ['<span data-pagefind-meta="kind">项目组</span>',
             f'<span data-pagefind-meta="title">{html.escape(first.get("year", ""))} 年度 · '
             f'{html.escape(first.get("department", ""))}</span>']
    for name, key in FILTERS:
        spans.append(f'<span data-pagefind-filter="{name}" data-pagefind-meta="{key}">'
                     f'{html.escape(first.get(key, ""))}</span>')
    listed = [[r.url, r.meta.get("reported", ""), r.meta.get("recomputed", "")] for r in records]
    spans.append(f'<span data-pagefind-meta="records">'
                 f'{html.escape(json.dumps(listed, ensure_ascii=False))}</span>')
    sections = "".join(
        "<section>" + r.body.replace("<h2 data-jx-title>", f'<h2 id="r{n}">', 1) + "</section>"
        for n, r in enumerate(records, start=1))
    return ('<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"></head><body><article>'
            f'<div hidden data-pagefind-ignore>{"".join(spans)}</div>{sections}'
            "</article></body></html>")


def grouped(records: list[SearchRecord], size: int) -> Iterator[list[SearchRecord]]:
    """Yield the records in groups of at most `size`, each of one year, department and grade."""
    def key(r: SearchRecord) -> tuple[str, ...]:
        return tuple(r.meta.get(k, "") for _, k in FILTERS)
    ordered = sorted(records, key=lambda r: (key(r), r.url))
    start = 0
    while start < len(ordered):
        end = start + 1
        while end < len(ordered) and end - start < size and key(ordered[end]) == key(ordered[start]):
            end += 1
        yield ordered[start:end]
        start = end


def write_sources(site: Path, source: Path, size: int) -> dict[str, dict[str, int]]:
    """Fill `source` with what Pagefind indexes: every page but the record pages as it is
    (linked), and the record pages as group documents; return the records per filter value."""
    records = []
    for page in sorted(site.glob("**/index.html")):
        if (site / "pagefind") in page.parents:
            continue
        record = read_record(site, page) if "records" in page.relative_to(site).parts else None
        if record is not None:
            records.append(record)
            continue
        target = source / page.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(page, target)
        except OSError:
            shutil.copyfile(page, target)
    for number, group in enumerate(grouped(records, size), start=1):
        target = source / "jx-search" / str(number) / "index.html"
        target.parent.mkdir(parents=True)
        target.write_text(group_document(group), encoding="utf-8")
    counts: dict[str, dict[str, int]] = {}
    for name, key in FILTERS:
        tally = Counter(r.meta.get(key, "") for r in records)
        counts[name] = {value: tally[value] for value in sorted(tally)}
    return counts


def index_site(site: Path, group_size: int = GROUP_SIZE) -> Indexed:
    """Index the built site at `site` with the pinned Pagefind; say what went wrong, if anything."""
    binary = pagefind_binary()
    if binary is None or shutil.which("node") is None:
        return Indexed("未找到 Pagefind 或 Node.js：站内搜索需要 Node.js 20 和 npm，"
                       "安装后运行 make node_modules（npm ci 按 package-lock.json 安装 pagefind "
                       f"{PAGEFIND_VERSION}）。")
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True,
                             check=False)
    if PAGEFIND_VERSION not in version.stdout:
        return Indexed(f"Pagefind 版本不符：需要 {PAGEFIND_VERSION}，找到 "
                       f"“{version.stdout.strip() or version.stderr.strip()}”。运行 make node_modules。")
    with tempfile.TemporaryDirectory(prefix=".jx-search-", dir=site.parent) as scratch:
        # Pagefind reads the documents from source/ and writes out/, which replaces pagefind/
        # only once it is complete: a failed run leaves the site's index as it was, and no
        # file of an earlier index stays behind.
        source, output = Path(scratch) / "source", Path(scratch) / "out"
        source.mkdir()
        counts = write_sources(site, source, group_size)
        result = subprocess.run(pagefind_command(binary, source, output),
                                capture_output=True, text=True, check=False)
        log = result.stdout + result.stderr
        if result.returncode != 0:
            return Indexed(f"Pagefind 建立搜索索引失败（退出码 {result.returncode}）。", log)
        try:  # one location per record, chunks cut again, the query's words as the box gives them
            rewrite_index(output)
        except UnexpectedIndex as error:
            return Indexed(str(error), log)
        (output / COUNTS_FILE).write_text(
            json.dumps(counts, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        index = site / "pagefind"
        if index.exists() or index.is_symlink():
            index.rename(Path(scratch) / "previous")
        output.rename(index)
    return Indexed(None, log)
