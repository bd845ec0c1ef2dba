"""Budget execution: 执行率 = 全年执行数 ÷ 全年预算数 (total row); 得分 = 分值 × 执行率, capped.

domain.md "Budget execution": the base is the full-year (adjusted) budget, not the 年初 one; no
score exceeds its 分值; a zero or blank budget cannot be scored, and the recomputation says so
instead of inventing a figure. As a reader would (issue 12): a total row printed 0 or blank
above source rows that hold the money is replaced by their sums, and a layout that prints no
全年预算数 is divided by the 年初预算数 it does print; the note says which.
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


@dataclass(frozen=True)
class RateBasis:
    """The amounts a reader divides for the rate, and where they come from."""

    executed: Decimal
    budget: Decimal
    budget_label: str
    """The column divided by: 全年预算数, or 年初预算数 when the layout prints no 全年预算数."""
    from_sources: bool
    """True when the total row is 0 or blank and the source rows' sums are used."""

    def short(self) -> str:
        """Return the basis in a few words: 按各资金来源之和, 按年初预算数, or ''."""
        parts = (["按各资金来源之和"] if self.from_sources else []) + (
            [f"按{self.budget_label}"] if self.budget_label != "全年预算数" else [])
        return "、".join(parts)

    def describe(self) -> str:
        """Return where the amounts come from, in Chinese ('' for the usual total row)."""
        parts = []
        if self.from_sources:
            parts.append("年度资金总额一行为 0 或空白，按各资金来源之和计算")
        if self.budget_label != "全年预算数":
            parts.append(f"原表未印全年预算数，按其印出的{self.budget_label}计算")
        return "；".join(parts)


_SOURCES = ("fiscal", "carryover", "other")


def rate_basis(funds: Funds) -> tuple[RateBasis | None, str]:
    """Return the amounts of the rate as a reader would take them, or None and the reason.

    The total row's 全年执行数 ÷ 全年预算数; when that row's budget is 0 or blank while the
    source rows hold amounts, their sums (issue 12: a total row printed 0/0/0 above the money);
    when no row prints a 全年预算数 at all, the 年初预算数 the layout does print.
    """
    rows = [funds.total, *(funds.row(key) for key in _SOURCES)]
    column, label = ("budget", "全年预算数")
    if all(row.budget is None for row in rows) and any(row.initial is not None for row in rows):
        column, label = ("initial", "年初预算数")
    total = funds.total
    budget: Decimal | None = getattr(total, column)
    if not budget:
        parts = [getattr(funds.row(key), column) for key in _SOURCES]
        summed = sum((p for p in parts if p is not None), Decimal(0))
        executed = [funds.row(key).executed for key in _SOURCES]
        if summed > 0 and any(e is not None for e in executed):
            spent = sum((e for e in executed if e is not None), Decimal(0))
            return RateBasis(spent, summed, label, True), ""
    if budget is None:
        return None, f"年度资金总额的{label}为空，无法计算执行率"
    if budget <= 0:
        return None, f"年度资金总额的{label}为 {format_plain(budget)}，无法计算执行率"
    if total.executed is None:
        return None, "年度资金总额的全年执行数为空，无法计算执行率"
    return RateBasis(total.executed, budget, label, False), ""


def execution_rate(funds: Funds) -> tuple[Decimal | None, str]:
    """Return the exact rate (see `rate_basis`), or None and the reason it cannot be computed."""
    basis, why = rate_basis(funds)
    if basis is None:
        return None, why
    return divide(basis.executed, basis.budget), ""


def capped_score(weight: Decimal, share: Decimal) -> Decimal:
    """Return 分值 × share kept within [0, 分值], rounded half up to two places at the end."""
    raw = multiply(weight, share)
    return quantize_half_up(min(max(raw, Decimal(0)), weight))


def score_funds(funds: Funds) -> FundsResult:
    """Return the recomputed funds rate and score with the method in plain Chinese."""
    basis, why = rate_basis(funds)
    if basis is None:
        return FundsResult(None, None, why + "；采信报告得分。")
    rate = divide(basis.executed, basis.budget)
    score = capped_score(funds.weight, rate)
    where = basis.describe()
    note = (f"{where + '：' if where else ''}执行率 = 全年执行数 {format_plain(basis.executed)} ÷ "
            f"{basis.budget_label} {format_plain(basis.budget)} = {format_percent(rate)}；"
            f"得分 = 分值 {format_plain(funds.weight)} × 执行率，不超过分值")
    if rate > 1:
        note += "（执行数超过预算数，得分按分值封顶）"
    return FundsResult(rate, score, note + "。")
