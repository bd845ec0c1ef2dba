"""项目资金 and 年度总体目标 blocks, read by the columns their header rows print."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from generator.importers.cells import blank, number, required
from generator.importers.grid import Cell, Cursor, ImportProblem, Row, norm, texts
from generator.importers.head import unit_in
from generator.model.record import FUNDS_COLUMNS, FUNDS_ROWS

_COLUMNS = (*FUNDS_COLUMNS, ("weight", "分值"), ("rate", "执行率"), ("score", "得分"))
_ROW_KEYS = (("total", ("资金总额", "合计")), ("fiscal", ("财政拨款",)),
             ("carryover", ("上年结转",)), ("other", ("其他资金",)))
"""Funds row labels, matched by a distinctive part (其中：当年财政拨款 → fiscal)."""


def is_goals_header(row: Row) -> bool:
    """Return True for the 年度总体目标 header row."""
    return "年度总体目标" in norm(row.filled()[0].text)


def read_funds(cur: Cursor, printed_unit: str | None) -> tuple[dict[str, Any], str]:
    """Return the record's `funds` and the amount unit (from 项目资金（万元） or a 单位 row)."""
    header = cur.take()
    cols = {key: _header_cell(header, label).col for key, label in _COLUMNS}
    label_cells = [c for c in header.filled() if c.col < cols["initial"]]
    unit = unit_in(texts(label_cells)) or printed_unit
    if unit is None:
        raise ImportProblem("M105", "项目资金没有注明金额单位（万元或元）。", header,
                            "原表应印有“项目资金（万元）”或“单位：元”。")
    _only(header, {id(c) for c in label_cells} | {id(header.at(col)) for col in cols.values()})
    rows: dict[str, Row] = {}
    while (row := cur.peek()) is not None and not is_goals_header(row):
        key = _row_key(cur.take(), cols["initial"])
        if key in rows:
            raise ImportProblem("M107", "项目资金中同一行出现了两次。", row)
        rows[key] = row
    return _funds(rows, cols, header), unit


def _header_cell(header: Row, label: str) -> Cell:
    cell = header.find(label)
    if cell is None:
        raise ImportProblem("M105", f"项目资金表头缺少“{label}”。", header,
                            "全国模板的列为：年初预算数、全年预算数、全年执行数、分值、执行率、得分。")
    return cell


def _row_key(row: Row, first_amount: int) -> str:
    label = texts([c for c in row.cells if c.col < first_amount and "项目资金" not in norm(c.text)])
    for key, parts in _ROW_KEYS:
        if any(part in norm(label) for part in parts):
            return key
    where = row.filled()[0]
    raise ImportProblem("M107", f"无法识别项目资金中的行“{label or where.text}”。", where,
                        "应为：年度资金总额、其中：当年财政拨款、上年结转资金、其他资金。")


def _funds(rows: dict[str, Row], cols: dict[str, int], header: Row) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, label in FUNDS_ROWS:
        if key not in rows:
            raise ImportProblem("M108", f"项目资金缺少“{label}”行。", header)
    total = rows["total"]
    out["weight"] = required(total.at(cols["weight"]), "资金总额行的分值", total.filled()[0])
    for key, label in FUNDS_ROWS:
        out[key] = _amounts(rows[key], cols, label)
    rate = total.at(cols["rate"])
    out["reported"] = {"rate": None if rate is None or not rate.text else rate.text,
                       "score": number(total.at(cols["score"]), "资金总额行的得分", suffix="分")}
    return out


def _amounts(row: Row, cols: dict[str, int], label: str) -> dict[str, Decimal | None]:
    known = {id(row.at(col)) for col in cols.values()}
    _only(row, known | {id(c) for c in row.cells if c.col < cols["initial"]})
    return {key: number(row.at(cols[key]), f"{label}的{name}", grouped=True)
            for key, name in FUNDS_COLUMNS}


def _only(row: Row, read: set[int]) -> None:
    """Refuse a filled cell that no known column reads: it would silently vanish."""
    for cell in row.cells:
        if id(cell) not in read and not blank(cell):
            raise ImportProblem("M107", f"无法识别的单元格“{cell.text}”。", cell,
                                "它不在本工具认识的任何一列中；请核对表格布局。")


def read_goals(cur: Cursor, is_end: Any) -> dict[str, str]:
    """Return 预期目标 and 实际完成情况 from the rows under their header, up to `is_end`."""
    header = cur.take()
    planned = header.find("预期目标")
    achieved = header.find("实际完成情况", "实际完成")
    if planned is None or achieved is None:
        raise ImportProblem("M105", "年度总体目标缺少“预期目标”或“实际完成情况”列。", header)
    _only(header, {id(header.filled()[0]), id(planned), id(achieved)})
    found: dict[str, list[str]] = {"planned": [], "achieved": []}
    while (row := cur.peek()) is not None and not is_end(row):
        cur.take()
        cells = {"planned": row.at(planned.col), "achieved": row.at(achieved.col)}
        if cells["planned"] is not None and cells["planned"] is cells["achieved"]:
            raise ImportProblem("M105", "预期目标与实际完成情况合并在同一个单元格中。",
                                cells["planned"])
        _only(row, {id(c) for c in cells.values()} | {id(c) for c in row.cells
                                                         if c.col < planned.col})
        for key, cell in cells.items():
            if cell is not None and cell.text:
                found[key].append(cell.text)
    return {key: "\n".join(parts) for key, parts in found.items()}
