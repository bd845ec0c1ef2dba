"""Indicator-table layouts as data: which printed column holds which record field.

A new provincial variant is a new `Layout` here (its column labels), not new code. The
header row of 年度绩效指标完成情况 decides the layout: the first whose required columns all
appear wins, and a header cell no layout knows is an error, never skipped.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    """One way of printing the indicator block."""

    name: str
    columns: tuple[tuple[str, tuple[str, ...]], ...]
    """Field → accepted header labels (compared without whitespace, full-width folded)."""
    split_target: bool
    """True when 指标性质 / 指标值 / 度量单位 are separate columns (record mapping form)."""


_LEVELS = (
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("name", ("三级指标",)),
)
_SCORES = (
    ("weight", ("分值", "指标分值", "权重")),
    ("score", ("得分", "自评得分")),
    ("deviation", ("偏差原因分析及改进措施", "偏差原因分析及改进措施说明", "偏差原因分析")),
)

NATIONAL = Layout(
    "national",
    (*_LEVELS,
     ("target", ("年度指标值", "年度目标值", "预期指标值")),
     ("actual", ("实际完成值", "全年实际值", "实际完成指标值")),
     *_SCORES),
    split_target=False,
)
"""财预〔2020〕10号 national template; the seed prints this."""

YUNNAN = Layout(
    "yunnan",
    (*_LEVELS,
     ("op", ("指标性质",)),
     ("value", ("指标值",)),
     ("unit", ("度量单位", "计量单位")),
     ("actual", ("实际完成值",)),
     *_SCORES),
    split_target=True,
)
"""Yunnan: the target printed as 指标性质 (≥, ≤, =, 定性), 指标值 and 度量单位."""

LAYOUTS = (NATIONAL, YUNNAN)

QUALITATIVE_OPS = frozenset({"定性", "定量"})
"""指标性质 words that are not comparison operators."""

PLACEHOLDER_NAMES = ("……", "…", "...", "。。。", "略")
"""Template rows left as printed in the blank form, skipped when they hold no values."""
