"""Score a whole record: funds, every indicator, the total and the grade, and the differences.

domain.md "Total and grade": 总分 = funds score + indicator scores; 优 90(含)–100, 良 80(含)–90,
中 60(含)–80, 差 below 60 (the bounds come from the profile). Rounding happens only at the end
of each figure: every part is already a two-place figure, and the grade is read from the total
as rounded, the figure a reader sees — so a total of 89.995 (which only an unrounded part could
produce) is shown as 90.00 and graded 优, never 90.00 beside 良.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from generator.model.decimals import format_plain, printed_rate, quantize_half_up
from generator.model.record import Record
from generator.scoring.differences import find_differences
from generator.scoring.execution import FundsResult, score_funds
from generator.scoring.indicator import score_indicator
from generator.scoring.profile import Profile
from generator.scoring.result import IndicatorScore, RecordScore, score_text


def score_record(record: Record, profile: Profile) -> RecordScore:
    """Return the reported and recomputed figures of the record under the profile."""
    funds = score_funds(record.funds)
    indicators = tuple(score_indicator(i, ind, profile) for i, ind in enumerate(record.indicators))
    total, total_note = total_of(funds, record.funds.reported.score, indicators)
    printed = printed_rate(record.funds.reported.rate)
    scored = RecordScore(
        record_id=record.id, file=record.path, title=record.title, profile_name=profile.name,
        funds_weight=record.funds.weight, total_weight=record.total.weight,
        funds_rate=funds.rate, funds_score=funds.score, funds_note=funds.note,
        indicators=indicators, total=total, grade=grade_for(total, profile),
        total_note=total_note,
        reported_rate=printed.fraction if printed is not None else None,
        reported_rate_text=record.funds.reported.rate,
        reported_funds_score=record.funds.reported.score,
        reported_total=record.total.score, reported_grade=record.total.grade,
        differences=(),
    )
    return replace(scored, differences=find_differences(record, scored))


def grade_for(total: Decimal, profile: Profile) -> str:
    """Return the grade of a total: the first band whose inclusive lower bound it reaches.

    The total is rounded half up to two places first (see the module docstring).
    """
    shown = quantize_half_up(total)
    for grade, minimum in profile.grades:
        if shown >= minimum:
            return grade
    return profile.grades[-1][0]


def total_of(funds: FundsResult, reported_funds: Decimal | None,
             indicators: tuple[IndicatorScore, ...]) -> tuple[Decimal, str]:
    """Return the recomputed total and how it was formed."""
    notes = []
    funds_part = funds.score
    if funds_part is None:
        funds_part = reported_funds if reported_funds is not None else Decimal(0)
        shown = score_text(reported_funds) or "（空，按 0 计）"
        notes.append(f"资金得分无法复核，按报告得分 {shown} 计入")
    blank = [str(i.index + 1) for i in indicators if i.computed is None]
    if blank:
        notes.append(f"第 {'、'.join(blank)} 项指标得分为空且无法复核，按 0 计入")
    kept = [str(i.index + 1) for i in indicators if not i.recomputed and i.computed is not None]
    if kept:
        notes.append(f"第 {'、'.join(kept)} 项指标无法复核，按报告得分计入")
    parts = sum((i.computed for i in indicators if i.computed is not None), Decimal(0))
    total = quantize_half_up(funds_part + parts)
    head = (f"总分 = 资金得分 {format_plain(quantize_half_up(funds_part))} + 指标得分合计 "
            f"{format_plain(quantize_half_up(parts))} = {format_plain(total)}")
    return total, "；".join([head, *notes]) + "。"
