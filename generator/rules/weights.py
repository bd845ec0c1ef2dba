"""Weight rules (分值): the weights add up, follow the profile's split, and bound the scores."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from generator.model.decimals import format_plain
from generator.model.diagnostics import Severity
from generator.model.levels import level1_of
from generator.model.record import Record
from generator.rules.base import Context, Hit, Rule


def weights_sum(rec: Record, ctx: Context) -> Iterator[Hit]:
    """All weights, the funds' 分值 included, add up to the declared total weight (总分 100).

    A warning, not an error: the table is published as it is (a real table's weights sum to 95),
    and the recomputed total says what the weights allow.

    Passes: funds 10 + indicators 50 + 30 + 10 with `total: {weight: 100, …}`.
    Fails: funds 10 + indicators 45 + 30 + 10 = 95 with `total: {weight: 100, …}`.
    """
    indicators = sum((ind.weight for ind in rec.indicators), Decimal(0))
    found = rec.funds.weight + indicators
    if found != rec.total.weight:
        yield Hit("total.weight",
                  f"各项分值之和为 {format_plain(found)}（预算执行 {format_plain(rec.funds.weight)}"
                  f" + 绩效指标 {format_plain(indicators)}），与总分值 {format_plain(rec.total.weight)} 不符。",
                  "请核对原表各行的分值。", expected=format_plain(rec.total.weight),
                  actual=format_plain(found))


def level1_split(rec: Record, ctx: Context) -> Iterator[Hit]:
    """Each first-level group's weights add up to the profile's default split.

    The national profile gives 产出指标 50, 效益指标 30, 满意度指标 10 and 预算执行 10; a unit
    may adjust them, so a different split is a finding to explain, not an error. Rows whose
    一级指标 is not recognised are left to I101.

    Passes: 产出指标 rows weighing 20 + 30, 效益指标 30, 满意度指标 10, funds 10.
    Fails: 产出指标 rows weighing 5 + 10 + 10 + 5 + 5 + 10 = 45 (the group's first 一级指标 cell
    is pointed at).
    """
    profile = ctx.profile
    if rec.funds.weight != profile.funds_weight:
        yield Hit("funds.weight", f"预算执行率的分值为 {format_plain(rec.funds.weight)}，评分规则"
                  f"“{profile.title}”默认为 {format_plain(profile.funds_weight)}。",
                  "分值可以调整，但请在说明中写明理由。",
                  expected=format_plain(profile.funds_weight), actual=format_plain(rec.funds.weight))
    for level, default in profile.level1_weights:
        rows = [i for i, ind in enumerate(rec.indicators) if level1_of(ind.level1) == level]
        found = sum((rec.indicators[i].weight for i in rows), Decimal(0))
        if found != default:
            pointer = f"indicators[{rows[0]}].level1" if rows else "indicators"
            yield Hit(pointer, f"一级指标“{level}”的分值合计为 {format_plain(found)}（{len(rows)} 项），"
                      f"评分规则“{profile.title}”默认为 {format_plain(default)}。",
                      "分值可以调整，但请在说明中写明理由。",
                      expected=format_plain(default), actual=format_plain(found))


def score_within_weight(rec: Record, ctx: Context) -> Iterator[Hit]:
    """Every printed score lies within [0, its weight]: indicators, funds and the total.

    Passes: `weight: 5` with `score: 5`, or `score: 4.52`.
    Fails: `weight: 5` with `score: 10`; `score: -1`.
    """
    cells = [(f"indicators[{i}]", "指标", ind.name, ind.weight, ind.score)
             for i, ind in enumerate(rec.indicators)]
    cells.append(("funds.reported", "预算执行", "项目资金", rec.funds.weight, rec.funds.reported.score))
    cells.append(("total", "总分", "总分", rec.total.weight, rec.total.score))
    for base, kind, name, weight, score in cells:
        if score is None or Decimal(0) <= score <= weight:
            continue
        pointer = "total.score" if base == "total" else f"{base}.score"
        where = f"{kind}“{name}”" if kind == "指标" else kind
        word = "超过分值" if score > weight else "小于 0"
        yield Hit(pointer, f"{where}的得分 {format_plain(score)} {word}（分值 {format_plain(weight)}）。",
                  "得分应在 0 与分值之间；请核对原表。", expected=f"0–{format_plain(weight)}",
                  actual=format_plain(score))


def total_weight(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The declared total weight (总分的分值) is the profile's, 100 in the national template.

    Passes: `total: {weight: 100, score: 98.56}`.
    Fails: `total: {weight: 90, score: 88}`.
    """
    expected = ctx.profile.total_weight
    if rec.total.weight != expected:
        yield Hit("total.weight", f"总分值为 {format_plain(rec.total.weight)}，评分规则"
                  f"“{ctx.profile.title}”为 {format_plain(expected)}。",
                  "请核对原表“总分”一行，或在 profile 中选用相应的评分规则。",
                  expected=format_plain(expected), actual=format_plain(rec.total.weight))


RULES = (
    Rule("W101", Severity.WARNING, "分值之和等于总分值", weights_sum),
    Rule("W102", Severity.WARNING, "一级指标分值符合默认分配", level1_split),
    Rule("W103", Severity.WARNING, "得分在 0 与分值之间", score_within_weight, supersedes=("C103",)),
    Rule("W104", Severity.WARNING, "总分值符合评分规则", total_weight),
)
