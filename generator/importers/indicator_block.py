"""年度绩效指标完成情况: the header row picks a layout, then one record indicator per row.

Cells merged down (一级指标, 二级指标) are blank in later rows and are filled down. Template
rows left from the blank form ("指标2", "……") with no values are skipped; everything else is
kept exactly as printed, defects included.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.importers import labels
from generator.importers.cells import blank, number, plain_number, required
from generator.importers.grid import Cell, Cursor, ImportProblem, Row, norm, texts
from generator.importers.layouts import LAYOUTS, PLACEHOLDER_NAMES, QUALITATIVE_OPS, Layout

_LEVELS = ("level1", "level2", "name")
_DESCRIPTIVE = (*_LEVELS, "method")
"""Cells that do not make a template row a real one (templates print the scoring method)."""


@dataclass(frozen=True)
class Columns:
    """The layout found in a header row and the grid column of each field."""

    layout: Layout
    cols: dict[str, int]

    @property
    def first(self) -> int:
        """Return the column of 一级指标; cells left of it hold the block's label."""
        return self.cols["level1"]


def is_indicator_header(row: Row) -> bool:
    """Return True for the header row of 年度绩效指标完成情况."""
    return all(row.find(label) for label in ("一级指标", "二级指标", "三级指标"))


def is_total(row: Row) -> bool:
    """Return True for the 总分 row that ends the indicator block."""
    return norm(row.filled()[0].text) == "总分"


def read_header(header: Row) -> Columns:
    """Return the first layout whose every column the header prints (M105 when none does)."""
    for layout in LAYOUTS:
        found = {field: header.find(*labels) for field, labels in layout.columns}
        cells = {field: cell for field, cell in found.items() if cell is not None}
        if len(cells) == len(found):
            for field, labels in layout.optional:
                if (cell := header.find(*labels)) is not None:
                    cells[field] = cell
            columns = Columns(layout, {field: cell.col for field, cell in cells.items()})
            known = {id(c) for c in cells.values()}
            for cell in header.filled():
                if id(cell) not in known and cell.col >= columns.first:
                    raise ImportProblem("M105", f"无法识别年度绩效指标的列“{cell.text}”。", cell,
                                        _layout_hint())
            return columns
    raise ImportProblem("M105", f"无法识别年度绩效指标的表头：{texts(header.cells)}。", header,
                        _layout_hint())


def _layout_hint() -> str:
    names = ["、".join(labels[0] for _, labels in layout.columns)
             + "（可有：" + "、".join(labels[0] for _, labels in layout.optional) + "）"
             for layout in LAYOUTS]
    return "本工具认识的列：" + "；或 ".join(names) + "。"


def read_indicators(cur: Cursor, columns: Columns) -> list[dict[str, Any]]:
    """Return the indicator rows up to the 总分 row (left for the caller)."""
    levels: dict[str, str | None] = {"level1": None, "level2": None}
    out: list[dict[str, Any]] = []
    while (row := cur.peek()) is not None and not is_total(row):
        item = _indicator(cur.take(), columns, levels)
        if item is not None:
            out.append(item)
    if row is None:
        raise ImportProblem("M105", "找不到“总分”行。", cur.last(), "原表最后一行应为“总分”。")
    if not out:
        raise ImportProblem("M108", "年度绩效指标中没有任何指标。", row)
    return out


def _indicator(row: Row, columns: Columns, levels: dict[str, str | None]) -> dict[str, Any] | None:
    cells = {field: row.at(col) for field, col in columns.cols.items()}
    _check_label_cells(row, columns, cells)
    _fill_levels(cells, levels)
    name = _text(cells["name"])
    if all(blank(cell) for field, cell in cells.items() if field not in _DESCRIPTIVE):
        if not name or is_placeholder(name):
            _refuse_fragment(row, cells)
            return None
    if not name:
        raise ImportProblem("M108", "三级指标为空，但这一行填有数值。", row)
    for level, label in (("level1", "一级指标"), ("level2", "二级指标")):
        if levels[level] is None:
            raise ImportProblem("M108", f"{label}为空，且上方没有可沿用的{label}。",
                                cells[level] or row)
    target, actual = _target_actual(cells, columns.layout)
    item = {"level1": levels["level1"], "level2": levels["level2"], "name": name,
            "target": target, "actual": actual,
            "weight": required(cells["weight"], f"指标“{name}”的分值", cells["name"]),
            "score": number(cells["score"], f"指标“{name}”的得分", suffix="分")}
    if "deviation" in cells:  # the 衔接资金 table prints no such column: nothing to record
        item["deviation"] = _text(cells["deviation"])
    if "method" in cells:
        item["method"] = _text(cells["method"])
    return item


def _refuse_fragment(row: Row, cells: dict[str, Cell | None]) -> None:
    """Refuse a figure-less row whose level text names no level (e.g. a row broken by a page)."""
    for field in ("level1", "level2"):
        text = _text(cells[field])
        if text and not is_placeholder(text) and "指标" not in norm(text):
            raise ImportProblem("M107", f"无法识别的行：只有“{text}”，没有三级指标和数值。",
                                cells[field] or row,
                                "可能是跨页断开的一行；请核对原表，必要时使用原表的电子版。")


def _check_label_cells(row: Row, columns: Columns, cells: dict[str, Cell | None]) -> None:
    read = {id(c) for c in cells.values()}
    for cell in row.filled():
        if id(cell) in read:
            continue
        if cell.col < columns.first and "指标" in cell.text:
            continue  # the block's own label (年度绩效指标完成情况), merged down the first column
        raise ImportProblem("M107", f"无法识别的单元格“{cell.text}”。", cell,
                            "它不在本工具认识的任何一列中；请核对表格布局。")


def _fill_levels(cells: dict[str, Cell | None], levels: dict[str, str | None]) -> None:
    """Carry 一级/二级指标 down merged cells; a new 一级指标 starts a new 二级指标 too."""
    level1, level2 = _text(cells["level1"]), _text(cells["level2"])
    if level1 and not is_placeholder(level1):
        levels["level1"], levels["level2"] = level1, None
    if level2 and not is_placeholder(level2):
        levels["level2"] = level2


def is_placeholder(text: str) -> bool:
    """Return True for names left from the blank form: 指标1, 指标2：, 指标1:/ / /, ……"""
    return labels.is_placeholder(text) or norm(text) in PLACEHOLDER_NAMES


def _text(cell: Cell | None) -> str:
    return cell.text if cell is not None else ""


def _target_actual(cells: dict[str, Cell | None], layout: Layout) -> tuple[Any, Any]:
    if not layout.split_target:
        return _text(cells["target"]), _text(cells["actual"])
    op, value, unit = (_text(cells[f]) for f in ("op", "value", "unit"))
    return split_target(op, value, unit), split_actual(_text(cells["actual"]), unit)


def split_target(op: str, value: str, unit: str) -> str | dict[str, Any]:
    """Return the mapping form {op, value, unit} when the value is a number, else the text."""
    if not (op or value or unit):
        return ""
    amount = plain_number(value) if value else None
    if op in QUALITATIVE_OPS or (value and amount is None):
        parts = ([] if op in QUALITATIVE_OPS else [op]) + [value]
        return "".join(parts) + (unit if value and not value.endswith(unit) else "")
    return {"op": op or None, "value": amount, "unit": unit or None}


def split_actual(actual: str, unit: str) -> str | dict[str, Any]:
    """Return a bare number with the row's 度量单位 in mapping form; other text as printed."""
    amount: Decimal | None = plain_number(actual) if actual else None
    if amount is None or not unit:
        return actual
    return {"op": None, "value": amount, "unit": unit}
