"""The 总分 row and what follows it: notes (注：…), a printed grade, signature lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.importers.cells import blank, number, required
from generator.importers.grid import Cell, Cursor, ImportProblem, Row, norm
from generator.importers.indicator_block import Columns
from generator.importers.layouts import EVALUATION

GRADES = {"优": "优", "良": "良", "中": "中", "差": "差",
          "优秀": "优", "良好": "良", "中等": "中", "较差": "差"}
"""评价等级 as printed → the record's grade (domain.md: 优 / 良 / 中 / 差)."""

_NOTE = re.compile(r"^(注|说明|备注)\d*[:]")
_SIGNATURES = ("填表人", "填报人", "单位负责人", "财务负责人", "项目负责人", "审核人",
               "联系电话", "填报日期", "填表日期")
"""Signature lines printed under a table; they carry no figure of the record."""


def read_total(cur: Cursor, columns: Columns) -> dict[str, Any]:
    """Return `total` from the 总分 row: 分值, 得分 and a grade where printed."""
    row = cur.take()
    label = row.filled()[0]
    weight_cell, score_cell, grade_cell = _total_cells(row, label, columns)
    read = {id(label), id(weight_cell), id(score_cell), id(grade_cell)}
    for cell in row.filled():
        if id(cell) not in read:
            raise ImportProblem("M107", f"无法识别总分行中的“{cell.text}”。", cell)
    return {"weight": required(weight_cell, "总分的分值", label),
            "score": number(score_cell, "总分", suffix="分"),
            "grade": grade(grade_cell)}


def _total_cells(row: Row, label: Cell,
                 columns: Columns) -> tuple[Cell | None, Cell | None, Cell | None]:
    """Take 分值/得分 under their columns when the row is aligned, else in printed order."""
    weight = row.at(columns.cols["weight"])
    score = row.at(columns.cols["score"])
    if weight is not None and score is not None and label not in (weight, score) \
            and weight is not score:
        where = columns.cols.get("deviation")
        after = row.at(where) if where is not None else None
        return weight, score, after if after not in (weight, score, label) else None
    rest: list[Cell | None] = [c for c in row.cells if c.col > label.col]
    rest += [None] * 3
    return rest[0], rest[1], rest[2]


def grade(cell: Cell | None) -> str | None:
    """Return the printed grade, or None when blank; refuse words that are no grade."""
    if cell is None or blank(cell):
        return None
    found = GRADES.get(norm(cell.text))
    if found is None:
        raise ImportProblem("M106", f"评价等级“{cell.text}”无法识别。", cell,
                            "评价等级应为：优、良、中、差。")
    return found


@dataclass(frozen=True)
class Tail:
    """What follows 总分: notes, a grade on a row of its own, 评价结论 texts (schema 2)."""

    notes: str
    grade: str | None
    evaluation: dict[str, str]


def _evaluation_field(row: Row) -> tuple[str, str] | None:
    """Return (field, text) for a 评价结论 / 存在问题 / 改进措施 row (label cell, then text)."""
    first = row.filled()[0]
    head = norm(first.text)
    for field, labels in EVALUATION:
        for label in labels:
            if head == label or head == label + ":":
                return field, "\n".join(c.text for c in row.filled()[1:])
            if head.startswith(label + ":") and len(row.filled()) == 1:
                return field, re.split(r"[:：]", first.text, maxsplit=1)[1].strip()
    return None


def read_tail(cur: Cursor) -> Tail:
    """Return the notes, grade and evaluation texts printed after 总分."""
    notes: list[str] = []
    printed: str | None = None
    evaluation: dict[str, str] = {}
    while (row := cur.peek()) is not None:
        cur.take()
        first = row.filled()[0]
        key = norm(first.text)
        found = _evaluation_field(row)
        if found is not None:
            if found[0] in evaluation:
                raise ImportProblem("M107", f"“{first.text}”出现了两次。", first)
            evaluation[found[0]] = found[1]
        elif _NOTE.match(key):
            notes.append(" ".join(c.text for c in row.filled()))
        elif key.startswith("其他需要说明事项"):
            notes.extend(c.text for c in row.filled()[1:])
        elif key in ("评价等级", "自评等级") and printed is None and len(row.filled()) == 2:
            printed = grade(row.filled()[1])
        elif not key.startswith(_SIGNATURES):
            raise ImportProblem("M107", f"无法识别总分之后的“{first.text}”。", first,
                                "总分之后只认识：注：…、其他需要说明事项、评价等级、评价结论、"
                                "存在问题、改进措施和签字栏。")
    return Tail("\n".join(notes), printed, evaluation)
