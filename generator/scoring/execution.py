"""Budget execution: 执行率 = 全年执行数 ÷ 全年预算数 (total row); 得分 = 分值 × 执行率, capped.

domain.md "Budget execution": the base is the full-year (adjusted) budget, not the 年初 one; no
score exceeds its 分值; a zero or blank budget cannot be scored, and the recomputation says so
instead of inventing a figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.model.decimals import (
    divide,
    format_percent,
    format_plain,
    multiply,
    quantize_half_up,
)
from generator.model.record import Funds


@dataclass(frozen=True)
class FundsResult:
    """The recomputed rate and score of the funds block, or why there are none."""

    rate: Decimal | None
    score: Decimal | None
    note: str


def execution_rate(funds: Funds) -> tuple[Decimal | None, str]:
    """Return the exact rate of the total row, or None and the reason it cannot be computed."""
    row = funds.total
    if row.budget is None:
        return None, "年度资金总额的全年预算数为空，无法计算执行率"
    if row.budget <= 0:
        return None, f"年度资金总额的全年预算数为 {format_plain(row.budget)}，无法计算执行率"
    if row.executed is None:
        return None, "年度资金总额的全年执行数为空，无法计算执行率"
    return divide(row.executed, row.budget), ""


def capped_score(weight: Decimal, share: Decimal) -> Decimal:
    """Return 分值 × share kept within [0, 分值], rounded half up to two places at the end."""
    raw = multiply(weight, share)
    return quantize_half_up(min(max(raw, Decimal(0)), weight))


def score_funds(funds: Funds) -> FundsResult:
    """Return the recomputed funds rate and score with the method in plain Chinese."""
    rate, why = execution_rate(funds)
    if rate is None:
        return FundsResult(None, None, why + "；采信报告得分。")
    row = funds.total
    score = capped_score(funds.weight, rate)
    note = (f"执行率 = 全年执行数 {format_plain(row.executed or Decimal(0))} ÷ 全年预算数 "
            f"{format_plain(row.budget or Decimal(0))} = {format_percent(rate)}；"
            f"得分 = 分值 {format_plain(funds.weight)} × 执行率，不超过分值")
    if rate > 1:
        note += "（执行数超过预算数，得分按分值封顶）"
    return FundsResult(rate, score, note + "。")
