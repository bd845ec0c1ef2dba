"""The table's head: title, year, 项目名称, 主管部门, 实施单位 (and a printed amount unit)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.importers.cells import year_in
from generator.importers.grid import Cell, Cursor, ImportProblem, Row, is_title, norm
from generator.importers.labels import key as label_key
from generator.importers.layouts import FUNDS_COLUMNS_PRINTED

HEAD_FIELDS = {"项目名称": "title", "主管部门": "department", "实施单位": "implementer"}
"""Header labels of the national template and the record field each fills."""

_UNIT_ROW = re.compile(r"^(金额)?单位[:]?(万元|元)$")
_FILER = ("填报单位", "填报日期", "填表日期", "单位(盖章)")
"""One-cell rows above the table naming who filed it and when; no field of the record."""
_UNIT_IN_LABEL = re.compile(r"\((万元|元)\)")


@dataclass(frozen=True)
class Head:
    """What the rows above 项目资金 say."""

    year: int
    document: str
    """Table title with its year, e.g. 2021年度项目支出绩效自评表 (source.document)."""
    title: str
    department: str
    implementer: str
    unit: str | None
    """Amount unit printed on a row of its own (单位：元), if any."""


def is_funds_header(row: Row) -> bool:
    """Return True for the 项目资金 header row: an 执行数 column and a 预算数 column."""
    columns = dict(FUNDS_COLUMNS_PRINTED)
    return row.find(*columns["executed"]) is not None and (
        row.find(*columns["budget"]) is not None or row.find(*columns["initial"]) is not None)


def unit_in(text: str) -> str | None:
    """Return the amount unit printed in a label such as 项目资金（万元）."""
    found = _UNIT_IN_LABEL.search(norm(text))
    return found.group(1) if found else None


def read_head(cur: Cursor) -> Head:
    """Read from the title row up to (not including) the 项目资金 header."""
    title_cell = cur.take().filled()[0]
    year = year_in(title_cell.text)
    fields: dict[str, str] = {}
    unit: str | None = None
    while (row := cur.peek()) is not None and not is_funds_header(row):
        cur.take()
        if is_title(row) or (len(row.filled()) == 1 and norm(row.filled()[0].text).startswith(_FILER)):
            continue
        alone = year_in(row.filled()[0].text, alone=True) if len(row.filled()) == 1 else None
        if alone is not None:
            year = _same_year(year, alone, row)
            continue
        found_unit = _UNIT_ROW.match(norm(row.filled()[0].text))
        if found_unit and len(row.filled()) == 1:
            unit = found_unit.group(2)
            continue
        _read_pairs(row, fields)
    if row is None:
        raise ImportProblem("M105", "找不到“项目资金”表头（年初预算数或全年预算数、全年执行数）。",
                            cur.last(), "本工具支持全国模板（财预〔2020〕10号）及云南格式。")
    return _head(title_cell, year, fields, unit, row)


def _same_year(year: int | None, alone: int, row: Row) -> int:
    if year is not None and year != alone:
        raise ImportProblem("M106", f"标题中的年度 {year} 与“{row.filled()[0].text}”不一致。",
                            row.filled()[0], "请核对原表的年度。")
    return alone


def _read_pairs(row: Row, fields: dict[str, str]) -> None:
    """Read label/value pairs such as 主管部门 | 某单位 | 实施单位 | 某单位."""
    tokens = row.filled()
    i = 0
    while i < len(tokens):
        label, inline = _label(tokens[i])
        if label is None:
            raise ImportProblem("M107", f"无法识别表头中的“{tokens[i].text}”。", tokens[i],
                                "表头应为：项目名称、主管部门、实施单位。")
        if label in fields:
            raise ImportProblem("M107", f"“{tokens[i].text}”出现了两次。", tokens[i])
        if inline is not None:
            fields[label], i = inline, i + 1
        elif i + 1 < len(tokens) and _label(tokens[i + 1])[0] is None:
            fields[label], i = tokens[i + 1].text, i + 2
        else:
            fields[label], i = "", i + 1


def _label(cell: Cell) -> tuple[str | None, str | None]:
    """Return the field a label cell names, and the value when printed in the same cell."""
    key = label_key(cell.text)
    for label, field in HEAD_FIELDS.items():
        if key in (label, label + ":"):
            return field, None
        if key.startswith(label + ":"):
            return field, re.split(r"[:：]", cell.text, maxsplit=1)[1].strip()
    return None, None


def _head(title_cell: Cell, year: int | None, fields: dict[str, str], unit: str | None,
          funds_header: Row) -> Head:
    if year is None:
        raise ImportProblem("M104", "找不到年度（如“（2021年度）”）。", title_cell,
                            "请在标题下一行保留原表的年度。")
    for label, field in HEAD_FIELDS.items():
        # 主管部门 / 实施单位 printed blank are imported blank (the validator reports them);
        # a missing label, or a blank 项目名称 (the record's name), cannot be read.
        if field not in fields or (field == "title" and not fields[field]):
            raise ImportProblem("M104", f"表头缺少“{label}”或其内容为空。", funds_header,
                                "表头应为：项目名称、主管部门、实施单位。")
    printed = re.sub(r"\s+", "", title_cell.text)
    document = printed if str(year) in printed else f"{year}年度{printed}"
    return Head(year, document, fields["title"], fields["department"], fields["implementer"], unit)
