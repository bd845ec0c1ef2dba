"""Excel (.xlsx) workbooks: every visible sheet, cells shown as Excel displays them.

Sheets are streamed from the package XML: only the cells that hold something are kept, so
the work is linear in the cells present (a formatted blank row or a styled cell at XFD1
costs nothing) and bounded by `limits` (M121 bytes, M122 rows/columns/cells). Hidden
sheets, hidden rows and hidden columns are drafts nobody sees in print: they are skipped
with a warning (M127) naming them.

A merged range holds its value in the top-left cell only: it becomes one cell spanning its
columns, and the range's later rows become blank cells, like the later rows of a vertical
merge in the seed's text layout. Numbers are shown with the cell's number format
(`numfmt`): 85 formatted `0.00` is 85.00, 850000 formatted `0!.0000` is 85.0000.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from generator.importers.grid import Cell, ImportProblem, Notice, Row, Sections
from generator.importers.limits import MAX_COLUMNS, CellBudget, check_time
from generator.importers.ooxml import Package
from generator.importers.sheetxml import Merge, SheetCells, read_sheet
from generator.importers.xlsxcells import column_letter
from generator.importers.xlsxparts import Sheet, opened, read_workbook


def read_sections(data: bytes) -> Sections:
    """Return the rows of every visible sheet, one list per sheet, in workbook order."""
    package = Package(data, opened())
    book = read_workbook(package)
    budget = CellBudget()
    rows: list[list[Row]] = []
    notices: list[Notice] = []
    for sheet in book.sheets:
        if sheet.hidden:
            notices.append(Notice("M127", f"工作表“{sheet.name}”是隐藏工作表，已跳过，未导入。",
                                  None, "要导入它，请在 Excel 中取消隐藏后保存。"))
            continue
        cells = read_sheet(package, sheet, book)
        rows.append(_sheet_rows(sheet, cells, budget))
        if cells.hidden_rows:
            notices.append(_hidden_rows(sheet, cells))
        if cells.hidden_column_texts:
            notices.append(_hidden_columns(sheet, cells))
    return Sections(rows, notices)


def _hidden_rows(sheet: Sheet, cells: SheetCells) -> Notice:
    shown = "、".join(str(r) for r in cells.hidden_rows[:20])
    more = f" 等 {len(cells.hidden_rows)} 行" if len(cells.hidden_rows) > 20 else ""
    first = cells.hidden_rows[0]
    where = Cell("", 0, 1, first, 1, f"工作表“{sheet.name}”第 {first} 行")
    return Notice("M127", f"工作表“{sheet.name}”第 {shown} 行{more}是隐藏行，其中的内容已跳过，未导入。",
                  where, "隐藏行多为草稿；要导入它，请在 Excel 中取消隐藏后保存。")


def _hidden_columns(sheet: Sheet, cells: SheetCells) -> Notice:
    shown = "、".join(column_letter(c) for c in sorted(cells.hidden_column_texts))
    first = min(cells.hidden_column_texts)
    where = Cell("", first - 1, 1, 1, first, f"工作表“{sheet.name}”{column_letter(first)} 列")
    return Notice("M127", f"工作表“{sheet.name}”第 {shown} 列是隐藏列，其中的内容已跳过，未导入。",
                  where, "隐藏列多为草稿；要导入它，请在 Excel 中取消隐藏后保存。")


@dataclass
class _Active:
    """Merges crossing the row being laid out, found by one sweep down the sheet."""

    merges: list[Merge]
    start: int = 0
    live: dict[int, Merge] = field(default_factory=dict)
    ends: list[tuple[int, int]] = field(default_factory=list)

    def at(self, row: int) -> list[Merge]:
        """Return the merges covering `row` (rows must be asked in increasing order)."""
        while self.start < len(self.merges) and self.merges[self.start].min_row <= row:
            heapq.heappush(self.ends, (self.merges[self.start].max_row, self.start))
            self.live[self.start] = self.merges[self.start]
            self.start += 1
        while self.ends and self.ends[0][0] < row:
            del self.live[heapq.heappop(self.ends)[1]]
        return list(self.live.values())


def _sheet_rows(sheet: Sheet, cells: SheetCells, budget: CellBudget) -> list[Row]:
    """Lay the sheet's cells out as rows; rows without text are empty rows."""
    active = _Active(sorted(cells.merges, key=lambda m: (m.min_row, m.min_col)))
    _check_hidden_merges(sheet, cells)
    rows: list[Row] = []
    for r in range(1, max(cells.texts, default=0) + 1):
        texts = cells.texts.get(r)
        merges = active.at(r) if texts else []
        if not texts:
            rows.append(Row(()))
            continue
        last = max(texts)
        starts = {m.min_col: m for m in merges}
        out: list[Cell] = []
        c = 1
        while c <= last:
            merged = starts.get(c)
            span = merged.max_col - c + 1 if merged else 1
            top = merged is None or merged.min_row == r
            place = f"工作表“{sheet.name}”{column_letter(c)}{r}"
            out.append(Cell(texts.get(c, "") if top else "", c - 1, span, r, c, place))
            c += span
        budget.spend(len(out), out[-1])
        check_time(out[-1])
        rows.append(Row(tuple(out)))
    return rows


def _check_hidden_merges(sheet: Sheet, cells: SheetCells) -> None:
    """Refuse a merged cell whose text sits in a hidden row or column but shows in visible ones."""
    rows, columns = cells.all_hidden, cells.hidden_columns
    for m in cells.merges:
        text = cells.hidden_texts.get((m.min_row, m.min_col))
        if not text or (m.max_row == m.min_row and m.max_col == m.min_col):
            continue
        hidden_rows = bisect_right(rows, m.max_row) - bisect_left(rows, m.min_row)
        visible_row = hidden_rows < m.max_row - m.min_row + 1
        visible_column = any(c not in columns for c in range(m.min_col, min(m.max_col, MAX_COLUMNS + 1) + 1))
        if visible_row and visible_column:
            place = f"工作表“{sheet.name}”{column_letter(m.min_col)}{m.min_row}"
            where = Cell(text, m.min_col - 1, 1, m.min_row, m.min_col, place)
            raise ImportProblem("M128", f"{place} 在隐藏的行或列中，却是跨到可见部分的合并单元格“{text}”的内容。",
                                where, "请在 Excel 中取消隐藏该行（列）或拆分合并单元格后再导入。")
