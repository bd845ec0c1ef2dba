"""Compare each published figure with its recomputation and explain every difference.

A blank published figure has nothing to compare with: blank score cells are the validator's
own finding. A printed rate is compared at the precision it was printed with (90.39% with the
rate rounded half up to two percentage places), since a rate printed as 90% is not wrong for
being short.
"""

from __future__ import annotations

from decimal import Decimal

from generator.model.decimals import format_plain, printed_rate
from generator.model.record import Indicator, Record
from generator.model.values import parse_cell
from generator.scoring.result import (
    Difference,
    IndicatorScore,
    RecordScore,
    score_text,
)


def find_differences(record: Record, scored: RecordScore) -> tuple[Difference, ...]:
    """Return every published figure of the record that differs from its recomputation."""
    found = [_rate(scored), _funds_score(scored)]
    found.extend(_indicator(i, record.indicators[i.index]) for i in scored.indicators)
    found.extend([_total(scored), _grade(scored)])
    return tuple(d for d in found if d is not None)


def _rate(scored: RecordScore) -> Difference | None:
    printed, rate = printed_rate(scored.reported_rate_text), scored.funds_rate
    if printed is None or rate is None:
        return None
    computed = printed.at_printed(rate)
    if computed == printed.percent:
        return None
    return Difference("funds_rate", "执行率", "funds.reported.rate", scored.reported_rate_text or "",
                      format_plain(computed) + "%", format_plain(computed - printed.percent) + "%",
                      scored.funds_note)


def _funds_score(scored: RecordScore) -> Difference | None:
    return _score_difference("funds_score", "预算执行得分", "funds.reported.score",
                             scored.reported_funds_score, scored.funds_score, scored.funds_note)


def _indicator(item: IndicatorScore, row: Indicator) -> Difference | None:
    figure = f"第 {item.index + 1} 项指标“{item.name}”得分"
    cells = f"年度指标值“{parse_cell(row.target).text}”，实际完成值“{parse_cell(row.actual).text}”"
    weight = "空白" if item.weight is None else format_plain(item.weight)
    explanation = f"{cells}，分值 {weight}；{item.method}。{item.note}"
    return _score_difference("indicator", figure, item.pointer, item.reported, item.computed,
                             explanation)


def _total(scored: RecordScore) -> Difference | None:
    return _score_difference("total", "总分", "total.score", scored.reported_total, scored.total,
                             scored.total_note)


def _grade(scored: RecordScore) -> Difference | None:
    reported = scored.reported_grade
    if reported is None or reported == scored.grade:
        return None
    why = f"复核总分 {score_text(scored.total)} 对应评价等级“{scored.grade}”。"
    return Difference("grade", "评价等级", "total.grade", reported, scored.grade,
                      f"{reported} → {scored.grade}", why)


def _score_difference(kind: str, figure: str, pointer: str, reported: Decimal | None,
                      computed: Decimal | None, explanation: str) -> Difference | None:
    if reported is None or computed is None or reported == computed:
        return None
    return Difference(kind, figure, pointer, score_text(reported) or "", score_text(computed) or "",
                      score_text(computed - reported) or "", explanation)
