"""Web pages (.html, .htm) saved from a unit's site: tables and the text between them.

The page is parsed with lxml's HTML parser (as lenient as a browser, never a regex). Cells
are placed on a grid honouring `rowspan` and `colspan`; the grid positions a cell from an
upper row covers become blank cells, like the later rows of a vertical merge in Word. Inline
tags are dropped, `&nbsp;` is a space, `<br>` and paragraphs inside a cell are line breaks.
A table holding other tables is page layout: its inner tables are read instead.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Any

import lxml.etree
import lxml.html

from generator.importers.grid import Cell, ImportProblem, Row

MAX_COLUMNS = 200
MAX_ROWS = 20000
"""Bounds of one table's grid (a colspan or rowspan beyond them is a broken page)."""

_CHARSET = re.compile(rb"""<meta[^>]*charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_SKIP = frozenset({"script", "style", "head", "title", "noscript", "template"})
_BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr"})
_BLOCK_TAGS = frozenset({*_BLOCKS, "table", "ul", "ol", "section", "article", "center", "form",
                         "blockquote", "pre", "header", "footer", "main", "nav", "aside", "dl",
                         "dt", "dd", "hr", "address", "figure", "caption"})
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])")


def read_rows(data: bytes) -> list[Row]:
    """Return the page's text blocks (one-cell rows) and table rows, in document order."""
    text = _decode(data)
    try:
        root = lxml.html.document_fromstring(_XML_DECL.sub("", text) or "<html></html>")
    except (lxml.etree.ParserError, ValueError):
        raise ImportProblem("M101", "无法作为网页（HTML）读取。", None,
                            "请在浏览器中打开该网页，另存为“网页，仅 HTML”后再导入。") from None
    rows: list[Row] = []
    counter = [0]
    for block in _blocks(root):
        if block.tag == "table":
            counter[0] += 1
            rows.extend(_table_rows(block, counter[0]))
        else:
            rows.extend(_text_rows(block))
    return rows


def _decode(data: bytes) -> str:
    """Decode by BOM, else the page's declared charset, else UTF-8, else GB18030."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _strict(data, name)
    declared = _CHARSET.search(data[:8192])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = "gb18030" if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk") else name
        try:
            codecs.lookup(name)
        except LookupError:
            raise ImportProblem("M101", f"网页声明的编码“{name}”无法识别。", None,
                                "请在浏览器中打开该网页，另存为 UTF-8 编码后再导入。") from None
        return _strict(data, name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _strict(data, "gb18030")


def _strict(data: bytes, name: str) -> str:
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        raise ImportProblem("M101", f"网页不是有效的 {name} 编码（第 {exc.start + 1} 个字节无法解码）。",
                            None, "请在浏览器中打开该网页，另存为 UTF-8 编码后再导入。") from None


def _blocks(el: Any) -> Iterator[Any]:
    """Yield data tables and text-only elements in document order.

    Inside an element that holds a table, loose text and inline elements between blocks are
    gathered into one line (a `<br>` or a block ends it).
    """
    if not isinstance(el.tag, str) or el.tag in _SKIP:
        return
    has_table = bool(el.xpath(".//table"))
    if not has_table:
        yield el
        return
    run: list[str] = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str) or child.tag in _SKIP:
            pass
        elif child.tag in _BLOCK_TAGS or child.xpath("self::table|.//table"):
            yield from _flush(el, run)
            yield from _blocks(child)
        elif child.tag == "br":
            yield from _flush(el, run)
        else:
            run.append(cell_text(child))
        run.append(child.tail or "")
    yield from _flush(el, run)


def _flush(parent: Any, run: list[str]) -> Iterator[Any]:
    """Yield the gathered loose text as a paragraph (keeping the parent's line), and reset."""
    text = "".join(run)
    run.clear()
    if text.strip():
        p = lxml.html.Element("p")
        p.text = text
        p.sourceline = parent.sourceline
        yield p


def _text_rows(el: Any) -> list[Row]:
    line = el.sourceline or 1
    return [Row((Cell(part, 0, 1, line, 1, f"网页第 {line} 行"),))
            for part in cell_text(el).split("\n") if part]


def cell_text(el: Any) -> str:
    """Return the text a reader sees: inline tags dropped, &nbsp; a space, <br>/<p> a break."""
    copy = lxml.html.fromstring(lxml.html.tostring(el, with_tail=False))
    for hidden in [e for e in copy.iter(*_SKIP) if e is not copy]:
        hidden.drop_tree()
    for br in copy.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in copy.iter(*_BLOCKS):
        if block is not copy:
            block.tail = "\n" + (block.tail or "")
    raw = copy.text_content().replace("\xa0", " ").replace("\u3000", " ")
    lines = [_CJK_SPACE.sub("", re.sub(r"[ \t\r\f\v]+", " ", part)).strip()
             for part in raw.split("\n")]
    return "\n".join(part for part in lines if part)


def _span(cell: Any, name: str, limit: int, where: Cell) -> int:
    value = cell.get(name, "1").strip()
    number = int(value) if value.isdigit() else 1
    if number > limit:
        raise ImportProblem("M112", f"{where.place} 的 {name}={value} 超过上限 {limit}。", where,
                            "网页表格可能已损坏；请在浏览器中核对该表格。")
    return max(number, 1)


def _table_rows(table: Any, number: int) -> list[Row]:
    trs = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    if len(trs) > MAX_ROWS:
        raise ImportProblem("M112", f"网页第 {number} 个表格有 {len(trs)} 行，超过上限 {MAX_ROWS} 行。",
                            None, "请拆分表格后再导入。")
    placed: list[dict[int, Cell]] = [{} for _ in trs]
    for r, tr in enumerate(trs):
        c = 0
        for td in tr.xpath("./td|./th"):
            while c in placed[r]:
                c += 1
            place = f"网页第 {number} 个表格第 {r + 1} 行第 {c + 1} 列"
            line = td.sourceline or r + 1
            probe = Cell("", c, 1, line, c + 1, place)
            width = _span(td, "colspan", MAX_COLUMNS, probe)
            height = min(_span(td, "rowspan", MAX_ROWS, probe), len(trs) - r)
            if c + width > MAX_COLUMNS:
                raise ImportProblem("M112", f"{place} 超出 {MAX_COLUMNS} 列的上限。", probe,
                                    "网页表格可能已损坏；请在浏览器中核对该表格。")
            placed[r][c] = Cell(cell_text(td), c, width, line, c + 1, place)
            for below in range(r + 1, r + height):
                placed[below][c] = Cell("", c, width, line, c + 1, place)
            c += width
    return [Row(tuple(cells[k] for k in sorted(cells))) for cells in placed]
