"""PLACEHOLDER for `generator.scoring` until the scoring helper's module lands on main.

Implements only the shape of the Scoring API in BRIEF.md, with the funds recomputed and every
indicator score kept as reported. tests/conftest.py installs it only when the real module is
missing; delete this file once `generator.scoring` is on main.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.decimals import divide, format_cent, multiply, parse_percent, quantize_half_up
from generator.model import Record
from generator.profile import Profile


@dataclass(frozen=True)
class Difference:
    figure: str
    pointer: str
    reported: str
    computed: str
    difference: str
    explanation: str


@dataclass(frozen=True)
class IndicatorScore:
    index: int
    name: str
    weight: Decimal
    reported: Decimal | None
    computed: Decimal | None
    method: str
    recomputed: bool
    note: str


@dataclass(frozen=True)
class RecordScore:
    record_id: str
    profile_name: str
    funds_rate: Decimal | None
    funds_score: Decimal | None
    funds_note: str
    indicators: tuple[IndicatorScore, ...]
    total: Decimal
    grade: str
    reported_total: Decimal | None
    reported_grade: str | None
    differences: tuple[Difference, ...]

    def to_json(self) -> dict[str, object]:
        return {"id": self.record_id, "computed": {"total": format_cent(self.total),
                                                   "grade": self.grade}}


def _grade(total: Decimal, profile: Profile) -> str:
    return next(g for g, low in profile.grades if total >= low)


def score_record(record: Record, profile: Profile) -> RecordScore:
    funds = record.funds
    budget, executed = funds.total.budget, funds.total.executed
    rate = divide(executed, budget) if budget and executed is not None else None
    fscore = (quantize_half_up(min(multiply(funds.weight, rate), funds.weight))
              if rate is not None else None)
    inds = tuple(IndicatorScore(i, ind.name, ind.weight, ind.score, ind.score, "占位：沿用原表得分",
                                False, "占位实现，未复核。") for i, ind in enumerate(record.indicators))
    total = quantize_half_up((fscore or Decimal(0)) + sum((i.reported or Decimal(0) for i in inds),
                                                          Decimal(0)))
    diffs: list[Difference] = []
    reported_rate = parse_percent(funds.reported.rate or "")
    if rate is not None and reported_rate is not None and quantize_half_up(rate, Decimal("0.0001")) != reported_rate:
        diffs.append(Difference("执行率", "funds.reported.rate", funds.reported.rate or "",
                                format_cent(rate * 100) + "%", "", "执行率与金额不符。"))
    if record.total.score is not None and record.total.score != total:
        diffs.append(Difference("总分", "total.score", format_cent(record.total.score),
                                format_cent(total), format_cent(total - record.total.score),
                                f"原表总分 {record.total.score}，按各项得分合计应为 {format_cent(total)}。"))
    return RecordScore(record.id, profile.name, rate, fscore, "执行率 = 全年执行数 ÷ 全年预算数。",
                       inds, total, _grade(total, profile), record.total.score, record.total.grade,
                       tuple(diffs))
