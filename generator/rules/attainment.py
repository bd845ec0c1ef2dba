"""Attainment rules (I1xx): whether a target was met, and what the score and reason say of it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from generator.model.decimals import divide, format_percent, format_plain, multiply, places_of
from generator.model.diagnostics import Severity
from generator.model.record import Indicator, Record
from generator.model.values import Kind, Value, harmonise, parse_cell, same_dimension
from generator.rules.base import Context, Hit, Rule
from generator.rules.precision import at_places

_REVERSE = ("<=", "<")
_BLANK_REASONS = ("", "无", "/", "／", "—", "-", "——")
"""A deviation cell holding only these says nothing (a printed dash is not a reason)."""


@dataclass(frozen=True)
class Attainment:
    """How an actual compares with its target, where the cells allow it."""

    target: Value
    actual: Value
    met: bool | None
    """None when the cells cannot be compared (qualitative, unreadable, other units)."""
    reverse: bool = False
    ratio: Decimal | None = None
    """完成值 ÷ 指标值 for comparable quantities with a positive target."""


def attainment(ind: Indicator) -> Attainment:
    """Compare the indicator's actual with its target (forward ≥ > = , reverse ≤ <)."""
    target, actual = parse_cell(ind.target), parse_cell(ind.actual)
    if target.kind is Kind.PERIOD and actual.kind is Kind.PERIOD:
        return Attainment(target, actual, target.period == actual.period)
    pair = _numbers(target, actual)
    if pair is None:
        return Attainment(target, actual, None)
    t, a = pair
    op = target.op or ">="
    met = {">=": a >= t, "=": a >= t, ">": a > t, "<=": a <= t, "<": a < t}[op]
    ratio = divide(a, t) if t > 0 else None
    return Attainment(target, actual, met, op in _REVERSE, ratio)


def _numbers(target: Value, actual: Value) -> tuple[Decimal, Decimal] | None:
    if target.kind is not Kind.QUANTITY or actual.kind is not Kind.QUANTITY:
        return None
    if target.number is None or actual.number is None:
        return None
    if target.unit is None and actual.unit is None:
        return target.number, actual.number
    target, actual, _ = harmonise(target, actual)  # a bare number takes the other side's unit
    if not same_dimension(target, actual) or target.base is None or actual.base is None:
        return None
    return target.base, actual.base


def _rows(rec: Record) -> Iterator[tuple[str, Indicator, Attainment]]:
    for i, ind in enumerate(rec.indicators):
        yield f"indicators[{i}]", ind, attainment(ind)


def deviation_reason(rec: Record, ctx: Context) -> Iterator[Hit]:
    """偏差原因分析及改进措施 is written wherever the indicator deviates from its target.

    That is: the score is below the weight, the target was not met, or the target was far
    exceeded (完成值 at or above the profile's threshold, 130% of 指标值 in `national`).

    Passes: `weight: 5`, `score: 4.52`, `deviation: 贯彻落实政府“过紧日子”要求厉行节约。`
    Fails: `weight: 10`, `score: 5`, `deviation: ""`; or `target: ">=10次"`, `actual: 20次`,
    `deviation: ""` (200% of the target: the target was set too low, say why).
    """
    for base, ind, att in _rows(rec):
        if ind.deviation.strip() in _BLANK_REASONS:
            reasons = _reasons(ind, att, ctx.profile.over_threshold)
            if reasons:
                yield Hit(f"{base}.deviation", f"指标“{ind.name}”{'，'.join(reasons)}，"
                          "但偏差原因分析及改进措施为空。",
                          "请说明未完成、扣分或大幅超额的原因及改进措施。",
                          expected="偏差原因", actual="空白")


def _reasons(ind: Indicator, att: Attainment, threshold: Decimal) -> list[str]:
    reasons = []
    if ind.score is not None and ind.weight is not None and ind.score < ind.weight:
        reasons.append(f"得分 {format_plain(ind.score)} 低于分值 {format_plain(ind.weight)}")
    if att.met is False:
        reasons.append(f"完成值“{att.actual.text}”未达到指标值“{att.target.text}”")
    if att.met and not att.reverse and att.ratio is not None and att.ratio >= threshold:
        reasons.append(f"完成值“{att.actual.text}”为指标值“{att.target.text}”的 "
                       f"{format_percent(att.ratio)}（达到 {format_percent(threshold)} 即视为目标偏低）")
    return reasons


def proportional_cost(ind: Indicator, att: Attainment) -> Decimal | None:
    """Return 完成值 ÷ 指标值 × 分值 when a met reverse target was scored exactly so, else None."""
    if not (att.met and att.reverse and att.ratio is not None and ind.score is not None
            and ind.weight is not None):
        return None
    raw = multiply(ind.weight, att.ratio)
    shown = at_places(raw, max(2, places_of(ind.score)))
    return shown if ind.score < ind.weight and shown == ind.score else None


def met_scored_full(rec: Record, ctx: Context) -> Iterator[Hit]:
    """An indicator whose target was met scores its full weight.

    Passes: `target: ">=2次"`, `actual: 2次`, `weight: 10`, `score: 10`.
    Fails: `target: ">=2次"`, `actual: 2次`, `weight: 10`, `score: 5`.
    """
    for base, ind, att in _rows(rec):
        if not att.met or ind.score is None or ind.weight is None or ind.score >= ind.weight:
            continue
        if proportional_cost(ind, att) is None:
            yield Hit(f"{base}.score", f"指标“{ind.name}”已达成（指标值“{att.target.text}”，完成值"
                      f"“{att.actual.text}”），得分却为 {format_plain(ind.score)}，低于分值 "
                      f"{format_plain(ind.weight)}。", "达成年度指标值应得满分；扣分须写明理由。",
                      expected=format_plain(ind.weight), actual=format_plain(ind.score))


def cost_not_proportional(rec: Record, ctx: Context) -> Iterator[Hit]:
    """A reverse (cost-like, ≤ or <) target that was met scores full, not 完成值 ÷ 指标值 × 分值.

    Spending less than a cost ceiling meets the target; scoring the saving proportionally
    punishes economy.

    Passes: `target: "<=85万元"`, `actual: 76.83万元`, `weight: 5`, `score: 5`.
    Fails: `target: "<=85万元"`, `actual: 76.83万元`, `weight: 5`, `score: 4.52`
    (76.83 ÷ 85 × 5 = 4.52).
    """
    for base, ind, att in _rows(rec):
        shown = proportional_cost(ind, att)
        if shown is not None and ind.weight is not None:
            yield Hit(f"{base}.score", f"反向指标“{ind.name}”已达成（完成值“{att.actual.text}”不超过"
                      f"指标值“{att.target.text}”），却按比例计分：{_amount(att.actual)} ÷ "
                      f"{_amount(att.target)} × {format_plain(ind.weight)} = "
                      f"{format_plain(shown)}；应得满分 {format_plain(ind.weight)}。",
                      "反向指标达成即得满分；未达成时才按 指标值 ÷ 完成值 × 分值 计分。",
                      expected=format_plain(ind.weight), actual=format_plain(shown))


def _amount(value: Value) -> str:
    number = "" if value.number is None else format_plain(value.number)
    return number + (value.unit_printed or "")


def actual_not_copied(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The 实际完成值 is a value, not a comparison copied from the 年度指标值.

    A period actual equal to a period target (2021年1月-12月 / 2021年1月-12月) is legitimate.

    Passes: `target: "≥266米"`, `actual: 270米`.
    Fails: `target: "≥266米"`, `actual: "≥266米"`.
    """
    for base, ind, att in _rows(rec):
        if att.actual.op is None:
            continue
        same = "与年度指标值完全相同，" if att.actual.text.strip() == att.target.text.strip() else ""
        yield Hit(f"{base}.actual", f"指标“{ind.name}”的实际完成值“{att.actual.text}”{same}带有比较符，"
                  "像是照抄了年度指标值。", "请填写实际完成的数值，例如 270米。",
                  expected="实际完成的数值", actual=att.actual.text)


RULES = (
    Rule("I107", Severity.WARNING, "需要时写明偏差原因", deviation_reason),
    Rule("I108", Severity.WARNING, "达成的指标得满分", met_scored_full, supersedes=("C103",)),
    Rule("I109", Severity.WARNING, "达成的反向指标不按比例计分", cost_not_proportional, supersedes=("C103",)),
    Rule("I110", Severity.WARNING, "完成值不是照抄的指标值", actual_not_copied),
)
