"""Coverage: how many indicator scores were recomputed, and why the others were not.

Every score the rules cannot recompute carries one reason key from `REASONS`; `score` counts
them per record and in total, and the method page explains each key in Chinese.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

REASONS: dict[str, tuple[str, str]] = {
    "weight-blank": ("分值为空",
                     "原表该指标的分值单元格空白，得分无从按分值计算，采信报告得分。"),
    "unverifiable": ("指标值与完成值均为空",
                     "原表既没有年度指标值也没有实际完成值，得分无法核实；报告得分照原样计入并标注“无法核实”。"),
    "target-blank": ("年度指标值为空", "没有指标值就无从判断是否达成，采信报告得分。"),
    "target-unparsed": ("年度指标值无法识别",
                        "指标值既不是“比较符+数字+单位”，也不是时间段或定性表述（如“约3到5个”），采信报告得分。"),
    "actual-blank": ("实际完成值为空", "没有完成值就无从判断是否达成，采信报告得分。"),
    "actual-not-quantity": ("实际完成值不是数量",
                            "指标值是数量，完成值却是文字或无法识别的内容，无法比较，采信报告得分。"),
    "units-differ": ("单位不可比",
                     "指标值与完成值的计量单位确实不同（如“矿次”与“份”），不能换算，采信报告得分。"
                     "只有一边写了单位时按另一边的单位理解，元与万元、%与百分比可以换算，这些都会复核。"),
    "qualitative-no-band": ("定性完成值未表明档次",
                            "定性指标的完成值没有说出达成程度（达成、部分达成、未达成或百分比），无法定档，采信报告得分。"),
    "score-blank": ("报告得分为空",
                    "定性指标只能核对报告得分是否在相应档次内；得分空白时无从核对，总分中按 0 计。"),
    "period-differs": ("时效指标期间不可比",
                       "完成期间与指标期间不同或不是期间，评分规则没有相应的计分公式，采信报告得分。"),
    "no-formula": ("没有适用的计分公式",
                   "例如时效指标的完成值早于或晚于指标值、指标值为 0，评分规则无法给出得分，采信报告得分。"),
}
"""Reason key → (short Chinese label, Chinese explanation for the method page)."""


@dataclass(frozen=True)
class Coverage:
    """How many indicators were recomputed, and the count of each reason for the others."""

    indicators: int
    recomputed: int
    reasons: tuple[tuple[str, int], ...]
    """(reason key, count), in the order of `REASONS`."""

    @property
    def share(self) -> str:
        """Return the recomputed share as a percentage with one place ("85.7%"); "—" when empty."""
        if not self.indicators:
            return "—"
        tenths = (self.recomputed * 2000 + self.indicators) // (2 * self.indicators)
        return f"{tenths // 10}.{tenths % 10}%"

    def to_json(self) -> dict[str, object]:
        """Return the `coverage` object of `score --format json`."""
        return {"indicators": self.indicators, "recomputed": self.recomputed,
                "share": self.share,
                "not_recomputed": [{"reason": key, "label": REASONS[key][0], "count": n}
                                   for key, n in self.reasons]}

    def text(self) -> str:
        """Return one Chinese line: 复核 12/14 项（85.7%）；未复核：单位不可比 1 项 …"""
        head = f"复核 {self.recomputed}/{self.indicators} 项指标（{self.share}）"
        if not self.reasons:
            return head + "。"
        rest = "，".join(f"{REASONS[key][0]} {n} 项" for key, n in self.reasons)
        return f"{head}；未复核：{rest}。"


def coverage_of(items: Iterable[tuple[bool, str]]) -> Coverage:
    """Return the coverage of (recomputed, reason key) pairs, one per indicator."""
    pairs = list(items)
    counts = Counter(reason for done, reason in pairs if not done)
    reasons = tuple((key, counts[key]) for key in REASONS if counts[key])
    unknown = sorted(set(counts) - set(REASONS))
    if unknown:
        raise ValueError(f"reason keys without an explanation: {unknown}")
    return Coverage(len(pairs), sum(1 for done, _ in pairs if done), reasons)


def merge(parts: Iterable[Coverage]) -> Coverage:
    """Return the coverage of several records together."""
    items = list(parts)
    counts: Counter[str] = Counter()
    for part in items:
        counts.update(dict(part.reasons))
    return Coverage(sum(p.indicators for p in items), sum(p.recomputed for p in items),
                    tuple((key, counts[key]) for key in REASONS if counts[key]))
