"""Score one indicator row: parse its target and actual, then apply the matching rule.

Where the rules cannot recompute a score (blank or unparsable cells, units that do not compare,
a period missed with no formula) the reported score is kept and the reason is given
(domain.md: "where a figure cannot be recomputed, accept the reported score and say why").
"""

from __future__ import annotations

from decimal import Decimal

from generator.model.record import Indicator
from generator.model.values import Kind, Period, Value, harmonise, parse_cell, same_dimension
from generator.scoring.execution import capped_score
from generator.scoring.outcome import UNVERIFIABLE_METHOD, Outcome, join_notes, kept
from generator.scoring.profile import Profile
from generator.scoring.qualitative import score_qualitative
from generator.scoring.quantitative import score_quantity
from generator.scoring.result import IndicatorScore

PERIOD_MET = "时效指标：按期完成，得满分"


def score_indicator(index: int, indicator: Indicator, profile: Profile) -> IndicatorScore:
    """Return the reported and recomputed score of the indicator at `index`."""
    target, actual = parse_cell(indicator.target), parse_cell(indicator.actual)
    outcome = _outcome(indicator, target, actual, profile)
    return IndicatorScore(index, indicator.name, indicator.weight, indicator.score,
                          outcome.computed, outcome.method, outcome.recomputed, outcome.note,
                          outcome.reason)


def _outcome(ind: Indicator, target: Value, actual: Value, profile: Profile) -> Outcome:
    if target.kind is Kind.BLANK and actual.kind is Kind.BLANK:
        return kept(ind.score, ind.weight, "年度指标值与实际完成值均为空，得分无法核实",
                    "unverifiable", UNVERIFIABLE_METHOD)
    if ind.weight is None:
        return kept(ind.score, None, "分值为空，无法复核", "weight-blank")
    if target.kind is Kind.BLANK:
        return kept(ind.score, ind.weight, "年度指标值为空，无法复核", "target-blank")
    if target.kind is Kind.UNPARSED:
        return kept(ind.score, ind.weight, f"年度指标值无法识别（{target.problem or target.text}）",
                    "target-unparsed")
    if target.kind is Kind.QUALITATIVE:
        return score_qualitative(ind.score, ind.weight, target, actual, profile)
    if target.kind is Kind.PERIOD:
        return score_period(ind.score, ind.weight, target, actual)
    return _quantity(ind, ind.weight, target, actual, profile)


def score_period(reported: Decimal | None, weight: Decimal, target: Value,
                 actual: Value) -> Outcome:
    """Return full 分值 when the actual period is the target period, else keep the reported one."""
    if actual.kind is not Kind.PERIOD or actual.period is None or target.period is None:
        shown = actual.text or "（空）"
        return kept(reported, weight,
                    f"时效指标的实际完成值“{shown}”不是可与“{target.text}”比较的期间",
                    "actual-blank" if actual.kind is Kind.BLANK else "period-differs")
    if same_period(actual.period, target.period):
        return Outcome(capped_score(weight, Decimal(1)), PERIOD_MET, True, met=True)
    return kept(reported, weight, f"实际完成期间“{actual.text}”与指标期间“{target.text}”不同，"
                                  "评分规则没有相应的计分公式", "period-differs")


def same_period(a: Period, b: Period) -> bool:
    """Return True when the spans agree; a year left out on one side (1-12月) matches any year."""
    years_agree = all(x is None or y is None or x == y
                      for x, y in ((a.start_year, b.start_year), (a.end_year, b.end_year)))
    return years_agree and (a.start_month, a.end_month) == (b.start_month, b.end_month)


def _quantity(ind: Indicator, weight: Decimal, printed_target: Value, printed_actual: Value,
              profile: Profile) -> Outcome:
    target, actual, filled = harmonise(printed_target, printed_actual)
    reason, key = _not_comparable(target, actual)
    if reason or target.base is None or actual.base is None:
        return kept(ind.score, weight, reason, key or "actual-not-quantity")
    op = target.op or "="
    outcome = score_quantity(op, actual.base, target.base, weight, ind.level2, profile)
    if isinstance(outcome, str):
        return kept(ind.score, weight, outcome, "no-formula")
    missed = "" if outcome.met is not False else (
        f"实际完成值“{actual.text}”未满足年度指标值“{target.text}”")
    note = join_notes(missed, *_reading_notes(target, actual), filled, outcome.note)
    return Outcome(outcome.computed, outcome.method, True, note, outcome.met)


def _not_comparable(target: Value, actual: Value) -> tuple[str, str]:
    """Return why a quantitative target and actual cannot be compared and its key, or ('', '')."""
    if actual.kind is Kind.BLANK:
        return "实际完成值为空，无法复核", "actual-blank"
    if actual.kind is not Kind.QUANTITY or actual.base is None:
        return (f"实际完成值“{actual.text}”不是数量，无法与年度指标值“{target.text}”比较",
                "actual-not-quantity")
    if target.base is None:
        return f"年度指标值“{target.text}”没有可比较的数值", "target-unparsed"
    if not same_dimension(target, actual):
        units = f"{target.unit_printed or '无单位'} 与 {actual.unit_printed or '无单位'}"
        return (f"年度指标值“{target.text}”与实际完成值“{actual.text}”的单位不可比"
                f"（{units}），无法复核", "units-differ")
    return "", ""


def _reading_notes(target: Value, actual: Value) -> list[str]:
    """Return how the cells were read where the reading is not obvious."""
    notes = []
    if target.op is None:
        notes.append("年度指标值未写比较符号，按“=”处理")
    if actual.op is not None:
        notes.append(f"实际完成值“{actual.text}”带比较符号，疑为照抄指标值，按其中的数值复核")
    for name, value in (("年度指标值", target), ("实际完成值", actual)):
        if value.unit_typo:
            notes.append(f"{name}的单位“{value.unit_printed}”按“{value.unit}”理解")
    if target.unit and actual.unit and target.unit != actual.unit:
        notes.append(f"年度指标值以“{target.unit}”计、实际完成值以“{actual.unit}”计，"
                     "换算为同一单位后比较")
    return notes
