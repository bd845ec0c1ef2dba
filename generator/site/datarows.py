"""Rows of the downloads: one per record, one per indicator, and the JSON shape of a record.

Figures are exact decimal text (published ones as printed); columns say whether they hold text
(guarded against formula injection) or a number (written as a number in XLSX).
"""

from __future__ import annotations

from typing import Any

from generator.model.record import Cell, FundsRow, Measure, Record
from generator.site.display import cell, cent, percent, printed
from generator.site.sitedata import Entry

Row = tuple[str, ...]
TEXT, NUMBER = True, False

RECORD_COLUMNS: tuple[tuple[str, bool], ...] = (
    ("编号", TEXT), ("年度", NUMBER), ("项目名称", TEXT), ("主管部门", TEXT), ("实施单位", TEXT),
    ("金额单位", TEXT), ("年初预算数", NUMBER), ("全年预算数", NUMBER), ("全年执行数", NUMBER),
    ("执行率（原表）", TEXT), ("预算执行得分（原表）", NUMBER), ("执行率（复核）", TEXT),
    ("预算执行得分（复核）", NUMBER), ("总分（原表）", NUMBER), ("总分（复核）", NUMBER),
    ("等级（原表）", TEXT), ("等级（复核）", TEXT), ("发现问题数", NUMBER), ("评分规则", TEXT),
    ("来源文件名称", TEXT), ("来源文件", TEXT), ("SHA-256", TEXT), ("来源网址", TEXT),
    ("记录文件", TEXT),
)
INDICATOR_COLUMNS: tuple[tuple[str, bool], ...] = (
    ("编号", TEXT), ("年度", NUMBER), ("项目名称", TEXT), ("序号", NUMBER), ("一级指标", TEXT),
    ("二级指标", TEXT), ("三级指标", TEXT), ("年度指标值", TEXT), ("实际完成值", TEXT),
    ("分值", NUMBER), ("得分（原表）", NUMBER), ("得分（复核）", NUMBER), ("复核方法", TEXT),
    ("偏差原因分析及改进措施", TEXT),
)


def record_row(entry: Entry) -> Row:
    """Return the record's line of the projects table."""
    rec, rs = entry.record, entry.score
    total = rec.funds.total
    return (
        rec.id, str(rec.year), rec.title, rec.department, rec.implementer, rec.amount_unit,
        printed(total.initial), printed(total.budget), printed(total.executed),
        rec.funds.reported.rate or "", printed(rec.funds.reported.score),
        _blank_dash(percent(rs.funds_rate)), _blank_dash(cent(rs.funds_score)),
        printed(rec.total.score), cent(rs.total), rec.total.grade or "", rs.grade,
        str(len(entry.findings)), entry.profile.name, rec.source.document,
        rec.source.file or "", rec.source.sha256 or "", rec.source.url or "", rec.path,
    )


def _blank_dash(text: str) -> str:
    return "" if text == "—" else text


def indicator_rows(entry: Entry) -> list[Row]:
    """Return one line per indicator, in printed order, with its recomputed score."""
    rec, scores = entry.record, entry.score.indicators
    rows: list[Row] = []
    for number, (ind, sc) in enumerate(zip(rec.indicators, scores, strict=True), start=1):
        computed = cent(sc.computed) if sc.recomputed and sc.computed is not None else ""
        rows.append((rec.id, str(rec.year), rec.title, str(number), ind.level1, ind.level2,
                     ind.name, cell(ind.target), cell(ind.actual), printed(ind.weight),
                     printed(ind.score), computed, sc.method, ind.deviation))
    return rows


def _row_data(row: FundsRow) -> dict[str, str | None]:
    return {k: (None if v is None else printed(v))
            for k, v in (("initial", row.initial), ("budget", row.budget), ("executed", row.executed))}


def _cell_data(value: Cell) -> str | dict[str, str | None] | None:
    if isinstance(value, Measure):
        return {"op": value.op, "value": None if value.value is None else printed(value.value),
                "unit": value.unit}
    return value


def record_data(entry: Entry) -> dict[str, Any]:
    """Return the record as in its file (decimals as exact text), its score and its findings."""
    rec = entry.record
    return {
        "id": rec.id, "year": rec.year, "title": rec.title, "department": rec.department,
        "implementer": rec.implementer, "amount_unit": rec.amount_unit, "profile": entry.profile.name,
        "funds": _funds_data(rec),
        "goals": {"planned": rec.goals.planned, "achieved": rec.goals.achieved},
        "indicators": [{"level1": i.level1, "level2": i.level2, "name": i.name,
                        "target": _cell_data(i.target), "actual": _cell_data(i.actual),
                        "weight": printed(i.weight), "score": None if i.score is None else printed(i.score),
                        "deviation": i.deviation} for i in rec.indicators],
        "total": {"weight": printed(rec.total.weight),
                  "score": None if rec.total.score is None else printed(rec.total.score),
                  "grade": rec.total.grade},
        "notes": rec.notes,
        "source": {"document": rec.source.document, "file": rec.source.file,
                   "sha256": rec.source.sha256, "url": rec.source.url},
        "corrections": [{"date": c.date, "reason": c.reason} for c in rec.corrections],
        "file": rec.path,
        "score": entry.score.to_json(),
        "findings": [d.to_dict() for d in entry.findings],
    }


def _funds_data(rec: Record) -> dict[str, Any]:
    funds = rec.funds
    return {"weight": printed(funds.weight), "total": _row_data(funds.total),
            "fiscal": _row_data(funds.fiscal), "carryover": _row_data(funds.carryover),
            "other": _row_data(funds.other),
            "reported": {"rate": funds.reported.rate,
                         "score": None if funds.reported.score is None else printed(funds.reported.score)}}
