"""Excel (.xlsx) workbooks: every sheet, cells shown as Excel displays them.

A merged range holds its value in the top-left cell only: it becomes one cell spanning its
columns, and the range's later rows become blank cells, like the later rows of a vertical
merge in the seed's text layout. Numbers are shown with the cell's number format (Excel
prints 85 formatted `0.00` as 85.00), without ever passing through a float sum.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from generator.importers.grid import Cell, ImportProblem, Row

_PLACES = re.compile(r"0\.(0+)")
EXCEL_DIGITS = 15
"""Excel keeps 15 significant digits; a float's longer repr is binary noise, not print."""


def read_sections(data: bytes) -> list[list[Row]]:
    """Return the rows of every sheet, one list per sheet, in workbook order."""
    try:
        values = load_workbook(io.BytesIO(data), data_only=True)
        formulas = load_workbook(io.BytesIO(data), data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportProblem("M101", "无法作为 Excel 工作簿（.xlsx）打开。", None,
                            "旧版 .xls 文件请先用 Excel 或 WPS 另存为 .xlsx。") from None
    return [_sheet_rows(sheet, formulas[sheet.title]) for sheet in values.worksheets]


def _merges(sheet: Any) -> dict[tuple[int, int], Any]:
    covered: dict[tuple[int, int], Any] = {}
    for merged in sheet.merged_cells.ranges:
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                covered[(r, c)] = merged
    return covered


def _sheet_rows(sheet: Any, formulas: Any) -> list[Row]:
    covered = _merges(sheet)
    rows: list[Row] = []
    for r in range(1, sheet.max_row + 1):
        cells: list[Cell] = []
        c = 1
        while c <= sheet.max_column:
            merged = covered.get((r, c))
            span = merged.max_col - c + 1 if merged else 1
            top = merged is None or merged.min_row == r
            place = f"工作表“{sheet.title}”{get_column_letter(c)}{r}"
            text = _display(sheet.cell(r, c), formulas.cell(r, c), place) if top else ""
            cells.append(Cell(text, c - 1, span, r, c, place))
            c += span
        rows.append(Row(tuple(cells)))
    return rows


def _display(cell: Any, formula: Any, place: str) -> str:
    value = cell.value
    if value is None:
        if isinstance(formula.value, str) and formula.value.startswith("="):
            where = Cell(formula.value, 0, 1, cell.row, cell.column, place)
            raise ImportProblem("M106", f"{place} 是公式 {formula.value}，但文件没有保存计算结果。",
                                where, "请用 Excel 或 WPS 打开文件并保存一次，再导入。")
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        return _number(value, str(cell.number_format))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


def _number(value: int | float | Decimal, fmt: str) -> str:
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    with localcontext() as ctx:
        ctx.prec, ctx.rounding = EXCEL_DIGITS, ROUND_HALF_UP
        exact = +exact
    section = fmt.split(";")[0]
    percent = "%" in section
    if percent:
        exact = exact * 100
    places = _PLACES.search(section)
    if places:
        shown = exact.quantize(Decimal(1).scaleb(-len(places.group(1))), rounding=ROUND_HALF_UP)
    elif section.strip() in ("0", "0%", "#,##0"):
        shown = exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    else:
        shown = exact.normalize()  # General: no trailing zeros, never an exponent (:f below)
    text = f"{shown:,f}" if "," in section else f"{shown:f}"
    return text + ("%" if percent else "")
