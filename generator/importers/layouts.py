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
    optional: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Columns read when printed: 偏差原因分析 (absent from the 衔接资金 table) and 得分计算方法
    (`method`, schema 2)."""


_LEVELS = (
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("name", ("三级指标",)),
)
_SCORES = (
    ("weight", ("分值", "指标分值", "权重")),
    ("score", ("得分", "自评得分")),
)
_DEVIATION = ("deviation", ("偏差原因分析及改进措施", "偏差原因分析及改进措施说明", "偏差原因分析"))
_METHOD = ("method", ("得分计算方法", "评分标准", "计分方法"))

NATIONAL = Layout(
    "national",
    (*_LEVELS,
     ("target", ("年度指标值", "年度目标值", "预期指标值")),
     ("actual", ("实际完成值", "全年实际值", "实际完成指标值")),
     *_SCORES),
    split_target=False,
    optional=(_DEVIATION, _METHOD),
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
    optional=(_DEVIATION, _METHOD),
)
"""Yunnan: the target printed as 指标性质 (≥, ≤, =, 定性), 指标值 and 度量单位."""

SICHUAN = Layout(
    "sichuan",
    (*_LEVELS,
     ("op", ("指标性质",)),
     ("value", ("指标值",)),
     ("unit", ("度量单位", "计量单位")),
     ("actual", ("完成值",)),
     *_SCORES),
    split_target=True,
    optional=(("deviation", ("未完成原因分析", "未完成原因分析及改进措施")), _METHOD),
)
"""Sichuan 部门预算项目支出绩效自评表: 指标性质 / 指标值 / 度量单位 / 完成值 / 权重 / 得分 /
未完成原因分析 (its funds rows and 评价结论 texts are in FUNDS_ROWS_PRINTED and EVALUATION)."""

LAYOUTS = (NATIONAL, YUNNAN, SICHUAN)

QUALITATIVE_OPS = frozenset({"定性", "定量"})
"""指标性质 words that are not comparison operators."""

PLACEHOLDER_NAMES = ("……", "…", "...", "。。。", "略")
"""Template rows left as printed in the blank form, skipped when they hold no values."""


FUNDS_COLUMNS_PRINTED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("initial", ("年初预算数",)),
    ("budget", ("全年预算数", "调整后预算数")),
    ("executed", ("全年执行数", "执行数")),
    ("weight", ("分值",)),
    ("rate", ("执行率",)),
    ("score", ("得分",)),
)
"""项目资金 columns: field → accepted header labels, the national one first. The column letters
and units some layouts add (全年预算数(A), 执行率(B/A)) are folded by `labels.key`. Sichuan prints
调整后预算数 / 执行数; the 衔接资金 table has no 年初预算数; some tables no 全年预算数. A column
not printed is null in every row and recorded in `funds.labels` (schema 2)."""

FUNDS_ROWS_PRINTED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("total", ("资金总额", "合计")),
    ("fiscal", ("财政拨款", "财政资金")),
    ("carryover", ("上年结转",)),
    ("other", ("其他资金",)),
    ("more", ("财政专户管理资金", "单位资金")),
)
"""项目资金 rows, matched by a distinctive part of the printed label (其中：当年财政拨款 → fiscal).
The first part of each is the national template's; another part (Sichuan's 财政资金) is kept in
`funds.labels`. `more` rows (Sichuan's 财政专户管理资金, 单位资金) go to `funds.more` (schema 2)."""

FUNDS_REQUIRED = ("executed",)
"""Columns a 项目资金 header must print, besides one of 年初预算数 / 全年预算数."""

EVALUATION: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("conclusion", ("评价结论",)),
    ("problems", ("存在问题", "存在的问题")),
    ("measures", ("改进措施", "整改措施")),
)
"""Texts printed after 总分 by the Sichuan layout → the record's `evaluation` (schema 2)."""
