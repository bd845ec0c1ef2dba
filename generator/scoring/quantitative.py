"""Quantitative indicators: forward (≥, >), reverse (≤, <) and equal (=) targets.

domain.md "Quantitative indicators": target met → full 分值; forward not met → 完成值 ÷ 指标值 ×
分值; reverse not met → the profile's formula (`ratio`: 指标值 ÷ 完成值 × 分值, the template
note; `linear`: (1 − (完成值 − 指标值) ÷ 指标值) × 分值, zero at twice the target). Every score
stays within [0, 分值] and is rounded half up to two places only at its end.

An "=" target is forward (domain.md lists = with ≥ and >): reaching it or more is met. Under a
cost level (成本指标 and, since 财预〔2021〕101号, 经济/社会/生态环境成本指标) spending more than
the planned figure is not an achievement, so there "=" is read as a ceiling, like ≤. Under a
timeliness level (时效指标: "=4季度", "=12月", "=20天") only an equal actual is met: whether
earlier or later is better depends on the indicator, so a different actual keeps the reported
score, with the reason.
"""

from __future__ import annotations

from decimal import Decimal

from generator.model.decimals import divide, format_percent
from generator.scoring.execution import capped_score
from generator.scoring.outcome import Outcome, percent_label
from generator.scoring.profile import Profile

FORWARD_OPS = (">=", ">")
REVERSE_OPS = ("<=", "<")
COST_MARK = "成本"
"""A level-2 name containing 成本 is a cost level (财预〔2021〕101号 splits 成本指标 in three)."""

TIME_MARK = "时效"
"""A level-2 name containing 时效 is a timeliness level (时效指标)."""

_PREFIX = {"forward": "正向指标", "reverse": "反向指标", "equal": "等值指标",
           "equal-cost": "等值指标（成本类，按反向）", "equal-time": "时效指标"}
_TEST_OP = {"equal": ">=", "equal-cost": "<=", "equal-time": "="}
"""How an "=" target is tested: reaching it (forward), not exceeding it (cost), exactly (time)."""
_FORMULA = {"forward": "完成值÷指标值×分值", "ratio": "指标值÷完成值×分值",
            "linear": "(1−(完成值−指标值)÷指标值)×分值，两倍指标值时为0"}


def is_cost_level(level2: str) -> bool:
    """Return True when the level-2 name is a cost level (lower is better)."""
    return COST_MARK in level2


def is_time_level(level2: str) -> bool:
    """Return True when the level-2 name is a timeliness level."""
    return TIME_MARK in level2


def is_met(op: str, actual: Decimal, target: Decimal) -> bool:
    """Return whether the actual meets the target under a normalised comparator."""
    checks = {">=": actual >= target, ">": actual > target, "=": actual == target,
              "<=": actual <= target, "<": actual < target}
    return checks[op]


def forward_share(actual: Decimal, target: Decimal) -> Decimal | None:
    """Return 完成值 ÷ 指标值, or None when the target is not positive."""
    return divide(actual, target) if target > 0 else None


def reverse_share(actual: Decimal, target: Decimal, method: str) -> Decimal | None:
    """Return the share of 分值 a missed reverse target earns, or None when undefined."""
    if method == "linear":
        # 1 − (a − t) ÷ t = (2t − a) ÷ t: zero at twice the target.
        return divide(2 * target - actual, target) if target > 0 else None
    return divide(target, actual) if actual > 0 else None


def classify(op: str, level2: str) -> str:
    """Return the kind of a quantitative target: forward, reverse, equal, equal-cost, equal-time."""
    if op in FORWARD_OPS:
        return "forward"
    if op in REVERSE_OPS:
        return "reverse"
    if is_cost_level(level2):
        return "equal-cost"
    return "equal-time" if is_time_level(level2) else "equal"


def score_quantity(op: str, actual: Decimal, target: Decimal, weight: Decimal,
                   level2: str, profile: Profile) -> Outcome | str:
    """Return the outcome of a comparable target and actual, or why no formula applies.

    `op` is the target's normalised comparator ('=' when none was printed); `actual` and
    `target` are in the same base unit; `level2` decides how an "=" target is read.
    """
    kind = classify(op, level2)
    reverse = kind in ("reverse", "equal-cost")
    test_op = _TEST_OP.get(kind, op)
    if is_met(test_op, actual, target):
        return Outcome(capped_score(weight, Decimal(1)), _met_method(kind, actual == target),
                       True, _over_note(actual, target, profile) if not reverse else "", met=True)
    if kind == "equal-time":
        return "时效指标的完成值与指标值不同，早于或晚于指标值哪个更好无从判断，评分规则没有相应的计分公式"
    formula = profile.reverse_method if reverse else "forward"
    share = reverse_share(actual, target, formula) if reverse else forward_share(actual, target)
    if share is None:
        return "指标值为 0 或负数（或反向指标的完成值为 0），计分公式无法计算"
    return Outcome(capped_score(weight, share), f"{_PREFIX[kind]}：{_FORMULA[formula]}", True,
                   met=False)


def _met_method(kind: str, exact: bool) -> str:
    if kind in ("reverse", "equal-cost"):
        return f"{_PREFIX[kind]}：完成值未超过指标值，得满分"
    if kind in ("equal", "equal-time"):
        return f"{_PREFIX[kind]}：完成值{'等于' if exact else '超过'}指标值，得满分"
    return f"{_PREFIX[kind]}：完成值达到指标值，得满分"


def _over_note(actual: Decimal, target: Decimal, profile: Profile) -> str:
    """Return the over-achievement note (domain.md: ≥ 130% needs a reason; score unchanged)."""
    if target <= 0:
        return ""
    share = divide(actual, target)
    if share < profile.over_threshold:
        return ""
    threshold = percent_label(profile.over_threshold)
    return (f"完成值为指标值的 {format_percent(share)}，达到 {threshold} 及以上，"
            "应说明目标是否设置偏低（仅提示，不影响得分）。")
