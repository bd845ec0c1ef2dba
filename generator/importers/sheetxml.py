"""One worksheet's XML streamed into the texts of the cells that hold something.

Work is linear in the XML: each `<row>` is read and freed; a cell without a value (a styled
blank) is passed over; nothing iterates the used rectangle. Every problem names the sheet
and the cell: a shared string index out of range, a value that is not a number, malformed
XML after a given cell (M123), a format this reader cannot reproduce (M124), a value no
printed table holds (M125), a cell beyond the row or column bound (M122).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from generator.importers.grid import Cell, ImportProblem
from generator.importers.limits import MAX_COLUMNS, MAX_ROWS, check_columns, check_rows, check_time
from generator.importers.numfmt import Unsupported, display, is_date, text_display
from generator.importers.ooxml import PARSE, Package, refuse_doctype, xml_place
from generator.importers.xlsxcells import (
    RANGE,
    cell_ref,
    column_letter,
    column_number,
    serial_date,
    to_int,
)
from generator.importers.xlsxparts import Sheet, Workbook, clear, q, rich_text

_C, _V, _IS, _F = q("c"), q("v"), q("is"), q("f")


@dataclass(frozen=True)
class Merge:
    """A merged range, rows and columns from 1, inclusive."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int


@dataclass
class SheetCells:
    """The texts of a sheet's visible cells, its merges and the hidden rows and columns."""

    texts: dict[int, dict[int, str]] = field(default_factory=dict)
    merges: list[Merge] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)
    """Hidden rows holding text (they are named in the warning)."""
    all_hidden: list[int] = field(default_factory=list)
    """Every hidden row up to MAX_ROWS, sorted (a merge may cross hidden rows without text)."""
    hidden_columns: set[int] = field(default_factory=set)
    """Every hidden column up to MAX_COLUMNS (`<col hidden="1">`)."""
    hidden_column_texts: set[int] = field(default_factory=set)
    """Hidden columns holding text (they are named in the warning)."""
    hidden_texts: dict[tuple[int, int], str] = field(default_factory=dict)


def read_sheet(package: Package, sheet: Sheet, book: Workbook) -> SheetCells:
    """Stream one sheet's part into its cells."""
    data = package.read(sheet.part)
    refuse_doctype(data, sheet.part)
    reader = _SheetReader(sheet, book)
    try:
        for _event, el in etree.iterparse(io.BytesIO(data), tag=(q("row"), q("mergeCell"), q("col")), **PARSE):
            if el.tag == q("row"):
                reader.row(el)
            elif el.tag == q("col"):
                reader.column(el)
            else:
                reader.merge(el)
            clear(el)
    except etree.XMLSyntaxError as exc:
        after = f"，在单元格 {reader.last.place} 之后" if reader.last else ""
        raise ImportProblem("M123", f"工作表“{sheet.name}”（{sheet.part}）不是合法的 XML"
                            f"（{xml_place(exc)}{after}）。", reader.last,
                            "文件已损坏；请用 Excel 或 WPS 打开并另存后再导入。") from None
    reader.out.hidden_rows.sort()
    reader.out.all_hidden.sort()
    return reader.out


class _SheetReader:
    """State of one sheet's stream: the next row and column when references are omitted."""

    def __init__(self, sheet: Sheet, book: Workbook) -> None:
        self.sheet, self.book = sheet, book
        self.out = SheetCells()
        self.next_row = 1
        self.last: Cell | None = None

    def place(self, row: int, col: int) -> Cell:
        """Return a blank cell naming the position (made only for text or an error)."""
        return Cell("", col - 1, 1, row, col, f"工作表“{self.sheet.name}”{column_letter(col)}{row}")

    def row(self, el: Any) -> None:
        """Read the cells of one `<row>`."""
        number = to_int(el.get("r"), self.next_row)
        self.next_row = number + 1
        hidden = el.get("hidden", "0").lower() in ("1", "true")
        if hidden and number <= MAX_ROWS:
            self.out.all_hidden.append(number)
        col = 1
        for c in el.iterchildren(_C):
            ref = c.get("r")
            r, col = cell_ref(ref) if ref else (number, col)
            if r <= 0 or col <= 0:
                raise ImportProblem("M123", f"工作表“{self.sheet.name}”第 {number} 行有无法识别的单元格位置"
                                    f"“{ref}”。", self.last, "文件已损坏；请用 Excel 或 WPS 另存后再导入。")
            if len(c):  # a styled blank cell has no children: nothing to read
                text = self._text(c, r, col)
                if text:
                    self._keep(r, col, text, hidden)
            col += 1

    def _keep(self, r: int, col: int, text: str, hidden: bool) -> None:
        where = self.place(r, col)
        check_time(where)
        check_rows(r, where, f"工作表“{self.sheet.name}”")
        check_columns(col, where, f"工作表“{self.sheet.name}”")
        self.last = Cell(text, where.col, 1, r, col, where.place)
        if hidden and (not self.out.hidden_rows or self.out.hidden_rows[-1] != r):
            self.out.hidden_rows.append(r)
        if col in self.out.hidden_columns:
            self.out.hidden_column_texts.add(col)
        if hidden or col in self.out.hidden_columns:
            self.out.hidden_texts[(r, col)] = text
        else:
            self.out.texts.setdefault(r, {})[col] = text

    def column(self, el: Any) -> None:
        """Note the hidden columns of a `<col min max hidden>` range."""
        if el.get("hidden", "0").lower() not in ("1", "true"):
            return
        first, last = to_int(el.get("min"), 0), min(to_int(el.get("max"), 0), MAX_COLUMNS)
        self.out.hidden_columns.update(range(max(first, 1), last + 1))

    def merge(self, el: Any) -> None:
        """Keep a merged range that can touch the cells read (others cannot matter)."""
        found = RANGE.match(el.get("ref", ""))
        if not found:
            return  # a one-cell "range" or junk: nothing is merged
        min_col, min_row = column_number(found.group(1)), int(found.group(2))
        max_col, max_row = column_number(found.group(3)), int(found.group(4))
        if min_row > MAX_ROWS or min_col > MAX_COLUMNS:
            return
        self.out.merges.append(Merge(min(min_row, max_row), min(min_col, max_col),
                                     max(min_row, max_row), max(min_col, max_col)))

    def _text(self, c: Any, r: int, col: int) -> str:
        kind = c.get("t", "n")
        v = c.find(_V)
        value = str(v.text) if v is not None and v.text is not None else None
        if kind == "inlineStr":
            inline = c.find(_IS)
            return self._shown_text(rich_text(inline) if inline is not None else "", c)
        if value is None:
            formula = c.find(_F)
            if formula is not None:
                where = self.place(r, col)
                shown = f"={formula.text}" if formula.text else "（共享公式）"
                raise ImportProblem("M106", f"{where.place} 是公式 {shown}，但文件没有保存计算结果。",
                                    where, "请用 Excel 或 WPS 打开文件并保存一次，再导入。")
            return ""
        if kind == "s":
            return self._shown_text(self._shared(value, r, col), c)
        if kind in ("str", "e"):
            return self._shown_text(value, c) if kind == "str" else value.strip()
        if kind == "b":
            return "TRUE" if value.strip() in ("1", "true") else "FALSE"
        if kind == "d":
            return value.strip()[:10]
        return self._number(value, c, self.place(r, col))

    def _shared(self, value: str, r: int, col: int) -> str:
        index = to_int(value, -1)
        if not 0 <= index < len(self.book.strings):
            where = self.place(r, col)
            raise ImportProblem("M123", f"{where.place} 指向第 {value.strip()} 条共享字符串，"
                                f"但文件只有 {len(self.book.strings)} 条。", where,
                                "文件已损坏；请用 Excel 或 WPS 打开并另存后再导入。")
        return self.book.strings[index]

    def _format(self, c: Any) -> str:
        style = to_int(c.get("s"), 0) if "s" in c.attrib else 0
        formats = self.book.formats
        return str(formats[style]) if 0 <= style < len(formats) else "General"

    def _shown_text(self, text: str, c: Any) -> str:
        return text_display(text, self._format(c)).strip()

    def _number(self, value: str, c: Any, where: Cell) -> str:
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            raise ImportProblem("M123", f"{where.place} 的数值“{value.strip()[:40]}”不是数字。", where,
                                "文件已损坏；请用 Excel 或 WPS 打开并另存后再导入。")
        fmt = self._format(c)
        try:
            if is_date(fmt):
                return serial_date(number, self.book.date1904)
            return display(number, fmt).strip()
        except Unsupported as exc:
            if exc.code == "M125":
                raise ImportProblem("M125", f"{where.place}：{exc.reason}。", where,
                                    "请核对原表中该单元格的数值。") from None
            raise ImportProblem(exc.code, f"{where.place} 的数值 {number} 用了数字格式“{fmt}”："
                                f"{exc.reason}，无法确定表上印的是什么。", where,
                                "请在 Excel 中把该单元格改为常规或数值格式（显示的数字不变）后再导入。") from None


