"""Word (.docx) documents: tables and the paragraphs between them, in document order.

Read from the package XML within the bounds of `limits` (never through python-docx, which
skips tables inside content controls and reads deleted and hidden text). Each cell's text is
what Word prints (`wordtext`: accepted tracked changes, no hidden text, field results).
A horizontal span is one cell with its `gridSpan`; the later rows of a vertical merge
(`vMerge` continue) are blank, like the seed's text layout, so the layout reader fills them
down. A table inside a cell is refused at that cell (M126): which figure belongs where
would be a guess.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.importers.grid import Cell, ImportProblem, Notice, Row, Sections
from generator.importers.limits import CellBudget, check_columns, check_rows, check_time
from generator.importers.ooxml import Package
from generator.importers.wordtext import Styles, TextReader, placeholder, w

_CONTAINERS = frozenset({w("customXml")})


def opened() -> ImportProblem:
    """Return the M101 problem for a file that is no .docx."""
    return ImportProblem("M101", "无法作为 Word 文档（.docx）打开。", None,
                         "旧版 .doc 文件请先用 Word 或 WPS 另存为 .docx。")


def read_sections(data: bytes) -> Sections:
    """Return the document as one section of rows, with notices of what was left out."""
    package = Package(data, opened())
    main = (package.related("", "officeDocument") if package.has("_rels/.rels") else None) \
        or "word/document.xml"
    if not package.has(main):
        raise opened()
    root = package.xml(main)
    styles_part = package.related(main, "styles")
    styles = Styles(package.xml(styles_part) if styles_part and package.has(styles_part) else None)
    body = root.find(w("body"))
    reader = _Document(TextReader(styles))
    if body is not None:
        reader.read(body)
    return Sections([reader.rows], reader.notices())


def blocks(container: Any, kinds: frozenset[str]) -> Iterator[Any]:
    """Yield the children of `kinds`, looking through content controls and custom XML."""
    for child in container:
        if child.tag in kinds:
            yield child
        elif child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None and not placeholder(child):
                yield from blocks(content, kinds)
        elif child.tag in _CONTAINERS:
            yield from blocks(child, kinds)


_BODY = frozenset({w("p"), w("tbl")})


class _Document:
    """Rows of one document, counted against the bounds, and where text was left out."""

    def __init__(self, text: TextReader) -> None:
        self.text = text
        self.rows: list[Row] = []
        self.budget = CellBudget()
        self.paragraphs = self.tables = 0
        self.revised: list[str] = []
        self.hidden: list[str] = []

    def read(self, body: Any) -> None:
        """Read every paragraph and table of the body."""
        for block in blocks(body, _BODY):
            if block.tag == w("p"):
                self.paragraphs += 1
                place = f"Word 第 {self.paragraphs} 段"
                text = self._noted(self.text.paragraph(block), place).strip()
                if text:
                    self._add(Row((Cell(text, 0, 1, self.paragraphs, 1, place),)))
            else:
                self.tables += 1
                self._table(block, self.tables)

    def _add(self, row: Row) -> None:
        last = row.cells[-1]
        check_time(last)
        check_rows(len(self.rows) + 1, last, "文档")
        self.budget.spend(len(row.cells), last)
        self.rows.append(row)

    def _noted(self, text: str, place: str) -> str:
        if self.text.revised:
            self.revised.append(place)
        if self.text.hidden:
            self.hidden.append(place)
        self.text.revised = self.text.hidden = False
        return text

    def _table(self, table: Any, number: int) -> None:
        self.text.fields.clear()
        for r, tr in enumerate(blocks(table, frozenset({w("tr")})), start=1):
            pr = tr.find(w("trPr"))
            if pr is not None and pr.find(w("del")) is not None:
                self.revised.append(f"Word 第 {number} 个表格第 {r} 行（已删除的行）")
                continue
            col = _int_val(pr.find(w("gridBefore")) if pr is not None else None, 0)
            cells: list[Cell] = []
            for tc in blocks(tr, frozenset({w("tc")})):
                span = max(_int_val(_prop(tc, "gridSpan"), 1), 1)
                place = f"Word 第 {number} 个表格第 {r} 行第 {col + 1} 列"
                where = Cell("", col, span, r, col + 1, place)
                check_columns(col + span, where, f"Word 第 {number} 个表格")
                text = "" if _continues(tc) else self._cell(tc, where)
                cells.append(Cell(text, col, span, r, col + 1, place))
                col += span
            if cells:
                self._add(Row(tuple(cells)))

    def _cell(self, tc: Any, where: Cell) -> str:
        self.text.fields.clear()  # a field never spans cells: a stray begin hides nothing beyond
        parts: list[str] = []
        for block in blocks(tc, _BODY):
            if block.tag == w("tbl"):
                raise ImportProblem("M126", f"{where.place} 中嵌套了一个表格，无法确定其中的数字属于哪一格。",
                                    where, "请在 Word 中把嵌套表格的内容移到外层表格的单元格里（或拆分单元格）后再导入。")
            parts.append(self.text.paragraph(block))
            # a deleted paragraph mark, accepted, joins the paragraph with the next one
            parts.append("" if _mark_deleted(block) else "\n")
            self.text.revised = self.text.revised or _mark_deleted(block)
        if any(True for _ in tc.iter(w("txbxContent"))):
            raise ImportProblem("M126", f"{where.place} 中有文本框，其中的文字不在表格里。", where,
                                "请把文本框中的文字移到单元格里后再导入。")
        return self._noted("".join(parts), where.place).strip()

    def notices(self) -> list[Notice]:
        """Return the warnings about tracked changes accepted and hidden text left out."""
        found: list[Notice] = []
        if self.revised:
            found.append(Notice("M129", f"文档含有未接受的修订（{_places(self.revised)}），"
                                "已按“接受所有修订”后的文字导入。", None,
                                "请核对这些位置；如修订不应接受，请在 Word 中拒绝修订后再导入。"))
        if self.hidden:
            found.append(Notice("M130", f"文档含有隐藏文字（{_places(self.hidden)}），已按打印效果略去。",
                                None, "隐藏文字不会打印；如它应是表格内容，请在 Word 中取消隐藏后再导入。"))
        return found


def _places(places: list[str]) -> str:
    unique = list(dict.fromkeys(places))
    more = f" 等 {len(unique)} 处" if len(unique) > 5 else ""
    return "、".join(unique[:5]) + more


def _mark_deleted(p: Any) -> bool:
    """Return True when a paragraph's mark is a tracked deletion (`w:pPr/w:rPr/w:del`)."""
    ppr = p.find(w("pPr"))
    rpr = ppr.find(w("rPr")) if ppr is not None else None
    return rpr is not None and rpr.find(w("del")) is not None


def _prop(tc: Any, name: str) -> Any:
    pr = tc.find(w("tcPr"))
    return pr.find(w(name)) if pr is not None else None


def _continues(tc: Any) -> bool:
    merge = _prop(tc, "vMerge")
    return merge is not None and merge.get(w("val"), "continue") == "continue"


def _int_val(el: Any, default: int) -> int:
    if el is None:
        return default
    try:
        return int(str(el.get(w("val"), default)))
    except ValueError:
        return default
