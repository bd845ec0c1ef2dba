"""One self-evaluation table → one record, block by block, in the printed order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.importers.closing import read_tail, read_total
from generator.importers.funds_block import read_funds, read_goals
from generator.importers.grid import Cursor, ImportProblem, Table
from generator.importers.head import read_head
from generator.importers.indicator_block import is_indicator_header, read_header, read_indicators
from generator.importers.layouts import EVALUATION

SCHEMA_VERSION = 1
SCHEMA_VERSION_2 = 2
"""Schema 2 adds funds.more, funds.labels, indicators' method and evaluation (provincial
layouts); a record using none of them is still written as schema 1 (docs/record-format.md)."""


@dataclass(frozen=True)
class SourceFile:
    """Provenance of the published figures: the file's base name and its SHA-256."""

    name: str
    sha256: str


def read_table(table: Table, source: SourceFile) -> dict[str, Any]:
    """Return the record (plain data in field order, `id` still empty) printed in `table`."""
    cur = Cursor(table)
    head = read_head(cur)
    funds, unit = read_funds(cur, head.unit)
    _expect(cur, "年度总体目标")
    goals = read_goals(cur, is_indicator_header)
    _expect(cur, "年度绩效指标表头（一级指标、二级指标、三级指标…）")
    columns = read_header(cur.take())
    indicators = read_indicators(cur, columns)
    total = read_total(cur, columns)
    tail = read_tail(cur)
    notes, grade = tail.notes, tail.grade
    if grade is not None:
        if total["grade"] not in (None, grade):
            raise ImportProblem("M106", f"评价等级印了两次且不一致：{total['grade']}、{grade}。",
                                cur.last())
        total["grade"] = grade
    record: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION, "id": "", "year": head.year, "title": head.title,
        "department": head.department, "implementer": head.implementer, "amount_unit": unit,
        "funds": funds, "goals": goals, "indicators": indicators, "total": total,
        "notes": notes,
    }
    if tail.evaluation:
        record["evaluation"] = {key: tail.evaluation.get(key, "") for key, _ in EVALUATION}
    record["source"] = {"document": head.document, "file": source.name,
                        "sha256": source.sha256, "url": None}
    record["schema_version"] = version_of(record)
    return record


def version_of(record: dict[str, Any]) -> int:
    """Return the lowest schema version holding the record: 2 when it uses a field of 2."""
    funds = record["funds"]
    uses_two = ("evaluation" in record or "more" in funds or "labels" in funds
                or any("method" in item for item in record["indicators"]))
    return SCHEMA_VERSION_2 if uses_two else SCHEMA_VERSION


def _expect(cur: Cursor, what: str) -> None:
    if cur.peek() is None:
        raise ImportProblem("M105", f"找不到{what}。", cur.last(),
                            "本工具支持全国模板（财预〔2020〕10号）及云南格式。")
