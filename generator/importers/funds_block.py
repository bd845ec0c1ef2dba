"""项目资金 and 年度总体目标 blocks, read by the columns their header rows print."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from generator.importers.cells import blank, number, required
from generator.importers.grid import Cell, Cursor, ImportProblem, Row, norm, texts
from generator.importers.head import unit_in
from generator.importers.labels import key as label_key
from generator.importers.layouts import FUNDS_COLUMNS_PRINTED, FUNDS_REQUIRED, FUNDS_ROWS_PRINTED
from generator.model.record import FUNDS_COLUMNS, FUNDS_ROWS

_AMOUNTS = tuple(key for key, _ in FUNDS_COLUMNS)
_NATIONAL_ROWS = dict(FUNDS_ROWS)
_NATIONAL_COLUMNS = dict(FUNDS_COLUMNS)


def is_goals_header(row: Row) -> bool:
    """Return True for the 年度总体目标 header row."""
    return "年度总体目标" in norm(row.filled()[0].text)


def read_funds(cur: Cursor, printed_unit: str | None) -> tuple[dict[str, Any], str]:
    """Return the record's `funds` and the amount unit (from 项目资金（万元） or a 单位 row)."""
    header = cur.take()
    cells = {key: _one_column(header, labels) for key, labels in FUNDS_COLUMNS_PRINTED}
    for key in ("weight", *FUNDS_REQUIRED):
        if cells[key] is None:
            raise ImportProblem("M105", f"项目资金表头缺少“{dict(FUNDS_COLUMNS_PRINTED)[key][0]}”。",
                                header, "项目资金的列为：年初预算数、全年预算数、全年执行数、分值、"
                                "执行率、得分（四川格式：调整后预算数、执行数）。")
    cols = {key: cell.col for key, cell in cells.items() if cell is not None}
    first = min(cols[key] for key in _AMOUNTS if key in cols)
    label_cells = [c for c in header.filled() if c.col < first]
    unit = unit_in(texts(label_cells)) or printed_unit
    if unit is None:
        raise ImportProblem("M105", "项目资金没有注明金额单位（万元或元）。", header,
                            "原表应印有“项目资金（万元）”或“单位：元”。")
    _only(header, {id(c) for c in label_cells} | {id(c) for c in cells.values() if c is not None})
    labels = _column_labels(cells)
    rows: dict[str, Row] = {}
    more: list[dict[str, Any]] = []
    while (row := cur.peek()) is not None and not is_goals_header(row):
        key, label = _row_key(cur.take(), first)
        if key == "more":
            more.append({"label": label, **_amounts(row, cols, first, label)})
            continue
        if key in rows:
            raise ImportProblem("M107", "项目资金中同一行出现了两次。", row)
        rows[key] = row
        if not any(part in norm(label) for part in _national_parts(key)):
            labels[key] = label
    return _funds(rows, cols, first, header, more, labels), unit


def _one_column(header: Row, labels: tuple[str, ...]) -> Cell | None:
    """Return the header cell of a column; two cells naming it (全年预算数 and 调整后预算数) are
    ambiguous, never chosen between."""
    wanted = {label_key(label) for label in labels}
    found = [c for c in header.cells if c.text and label_key(c.text) in wanted]
    if len(found) > 1:
        raise ImportProblem("M105", f"项目资金表头中“{found[0].text}”和“{found[1].text}”是同一列的"
                            "两种名称，无法确定读哪一列。", found[1], "请核对原表的表头。")
    return found[0] if found else None


def _national_parts(key: str) -> tuple[str, ...]:
    """Return the label parts of a row the national template prints (no label to record)."""
    parts = dict(FUNDS_ROWS_PRINTED)[key]
    return parts if key == "total" else parts[:1]


def _column_labels(cells: dict[str, Cell | None]) -> dict[str, str | None]:
    """Return the amount columns printed under another name, or not printed (None)."""
    labels: dict[str, str | None] = {}
    for key in _AMOUNTS:
        cell = cells[key]
        if cell is None:
            labels[key] = None
        elif label_key(cell.text) != label_key(_NATIONAL_COLUMNS[key]):
            labels[key] = cell.text
    return labels


def _row_key(row: Row, first_amount: int) -> tuple[str, str]:
    label = texts([c for c in row.cells if c.col < first_amount and "项目资金" not in norm(c.text)])
    for key, parts in FUNDS_ROWS_PRINTED:
        if any(part in norm(label) for part in parts):
            return key, label
    where = row.filled()[0]
    raise ImportProblem("M107", f"无法识别项目资金中的行“{label or where.text}”。", where,
                        "应为：年度资金总额、其中：当年财政拨款、上年结转资金、其他资金"
                        "（四川格式：财政资金、财政专户管理资金、单位资金、其他资金）。")


def _funds(rows: dict[str, Row], cols: dict[str, int], first: int, header: Row,
           more: list[dict[str, Any]], labels: dict[str, str | None]) -> dict[str, Any]:
    if "total" not in rows:
        raise ImportProblem("M108", "项目资金缺少“年度资金总额”行。", header)
    total = rows["total"]
    out: dict[str, Any] = {
        "weight": required(total.at(cols["weight"]), "资金总额行的分值", total.filled()[0])}
    for key, label in FUNDS_ROWS:
        if key in rows:
            out[key] = _amounts(rows[key], cols, first, label)
        else:  # a row this layout does not print (Sichuan has no 上年结转资金)
            out[key] = dict.fromkeys(_AMOUNTS)
            labels[key] = None
    rate = total.at(cols["rate"]) if "rate" in cols else None
    score = total.at(cols["score"]) if "score" in cols else None
    out["reported"] = {"rate": None if rate is None or not rate.text else rate.text,
                       "score": number(score, "资金总额行的得分", suffix="分")}
    if more:
        out["more"] = more
    if labels:
        out["labels"] = {key: labels[key] for key in (*_NATIONAL_ROWS, *_AMOUNTS) if key in labels}
    return out


def _amounts(row: Row, cols: dict[str, int], first: int, label: str) -> dict[str, Decimal | None]:
    known = {id(row.at(col)) for col in cols.values()}
    _only(row, known | {id(c) for c in row.cells if c.col < first})
    return {key: number(row.at(cols[key]), f"{label}的{name}", grouped=True) if key in cols
            else None for key, name in FUNDS_COLUMNS}


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
