"""The outcome of scoring one indicator before it is labelled with its row."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.model.decimals import CENT, format_plain, multiply, places_of, quantize_half_up

KEPT_METHOD = "未复核：采信报告得分"
"""Method named when the rules cannot recompute a score (domain.md: accept it and say why)."""
CAPPED_METHOD = "未复核：采信报告得分，按分值封顶"
"""A kept score above its 分值 still obeys the cap (domain.md: no score may exceed its 分值)."""


@dataclass(frozen=True)
class Outcome:
    """A computed score with its method, or the reported score kept with the reason."""

    computed: Decimal | None
    method: str
    recomputed: bool
    note: str = ""
    met: bool | None = None
    """Whether the target was met, where the method decides it."""
    reason: str = ""
    """Why it was not recomputed: a key of `generator.scoring.coverage.REASONS`; '' when it was."""


UNVERIFIABLE_METHOD = "无法核实：指标值与完成值均为空，照原表得分计入"
"""Method named when a row has neither target nor actual (issue 12: unverifiable marks)."""


def kept(reported: Decimal | None, weight: Decimal | None, reason: str, key: str,
         method: str = KEPT_METHOD) -> Outcome:
    """Return the outcome that keeps the reported score (within [0, 分值]), saying why.

    `key` names the reason for the coverage figure (`generator.scoring.coverage.REASONS`).
    """
    if reported is None:
        return Outcome(None, method, False, f"{reason}；报告得分为空，总分中按 0 计。", reason=key)
    if weight is not None and (reported > weight or reported < 0):
        bound = as_figure(weight) if reported > weight else Decimal("0.00")
        shown = f"报告得分 {format_plain(reported)} 超出 0–{format_plain(weight)}"
        note = f"{reason}；{shown}，取 {format_plain(bound)}。"
        return Outcome(bound, CAPPED_METHOD, False, note, reason=key)
    return Outcome(as_figure(reported), method, False, f"{reason}；采信报告得分。", reason=key)


def as_figure(score: Decimal) -> Decimal:
    """Return a printed score with two places when that is exact (15 → 15.00); else unchanged."""
    return quantize_half_up(score, CENT) if places_of(score) <= 2 else score


def join_notes(*parts: str) -> str:
    """Join non-empty notes into one Chinese text, each part ending in 。."""
    return "".join(p if p.endswith("。") else p + "。" for p in parts if p)


def percent_label(fraction: Decimal) -> str:
    """Return a fraction as a short percentage for labels: 0.80 → "80%", 1.30 → "130%"."""
    return f"{multiply(fraction, Decimal(100)).normalize():f}%"
