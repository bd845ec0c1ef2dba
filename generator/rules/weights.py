"""Weight rules (分值): the weights add up, follow the profile's split, and bound the scores."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from generator.model.decimals import format_plain
from generator.model.diagnostics import Severity
from generator.model.levels import LEVELS, level1_of, split_weight
from generator.model.record import Record
from generator.rules.base import Context, Hit, Rule


def weights_sum(rec: Record, ctx: Context) -> Iterator[Hit]:
    """All weights, the funds' 分值 included, add up to the declared total weight (总分 100).

    A warning, not an error: the table is published as it is (a real table's weights sum to 95),
    and the recomputed total says what the weights allow. Not checked when a 分值 is blank
    (W106 reports it).

    Passes: funds 10 + indicators 50 + 30 + 10 with `total: {weight: 100, …}`.
    Fails: funds 10 + indicators 45 + 30 + 10 = 95 with `total: {weight: 100, …}`.
    """
    if any(ind.weight is None for ind in rec.indicators):
        return  # a blank 分值 is W106's finding; the sum of the others proves nothing
    indicators = sum((ind.weight or Decimal(0) for ind in rec.indicators), Decimal(0))
    found = rec.funds.weight + indicators
    if found != rec.total.weight:
        yield Hit("total.weight",
                  f"各项分值之和为 {format_plain(found)}（预算执行 {format_plain(rec.funds.weight)}"
                  f" + 绩效指标 {format_plain(indicators)}），"
                  f"与总分值 {format_plain(rec.total.weight)} 不符。",
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
        if any(rec.indicators[i].weight is None for i in rows):
            continue  # a blank 分值 is W106's finding
        found = sum((rec.indicators[i].weight or Decimal(0) for i in rows), Decimal(0))
        if found != default:
            pointer = f"indicators[{rows[0]}].level1" if rows else "indicators"
            yield Hit(pointer, f"一级指标“{level}”的分值合计为 {format_plain(found)}（{len(rows)} 项），"
                      f"评分规则“{profile.title}”默认为 {format_plain(default)}。",
                      "分值可以调整，但请在说明中写明理由。",
                      expected=format_plain(default), actual=format_plain(found))


def printed_group_weight(rec: Record, ctx: Context) -> Iterator[Hit]:
    """A weight printed with the 一级指标 (`产出指标(50分)`) equals the sum of its rows' weights.

    The label stays in the record as published; the printed weight is read from it (any
    bracket, any spacing) and compared with the 分值 of the rows under that 一级指标.

    Passes: `level1: 产出指标(50分)` on rows weighing 20 + 30.
    Fails: `level1: 产出指标（50分）` on rows weighing 20 + 25 (45, not 50).
    """
    for level in LEVELS:
        rows = [i for i, ind in enumerate(rec.indicators) if level1_of(ind.level1) == level]
        if any(rec.indicators[i].weight is None for i in rows):
            continue  # a blank 分值 is W106's finding
        found = sum((rec.indicators[i].weight or Decimal(0) for i in rows), Decimal(0))
        seen: set[Decimal] = set()
        for i in rows:
            printed = split_weight(rec.indicators[i].level1)[1]
            if printed is None or printed in seen or printed == found:
                continue
            seen.add(printed)
            yield Hit(f"indicators[{i}].level1",
                      f"一级指标印为“{rec.indicators[i].level1}”（{format_plain(printed)} 分），"
                      f"而其下 {len(rows)} 项指标的分值合计为 {format_plain(found)}。",
                      "请核对原表：一级指标后印的分值应等于其下各项指标分值之和。",
                      expected=format_plain(printed), actual=format_plain(found))


def score_within_weight(rec: Record, ctx: Context) -> Iterator[Hit]:
    """Every printed score lies within [0, its weight]: indicators, funds and the total.

    Passes: `weight: 5` with `score: 5`, or `score: 4.52`.
    Fails: `weight: 5` with `score: 10`; `score: -1`.
    """
    cells: list[tuple[str, str, str, Decimal | None, Decimal | None]] = [
        (f"indicators[{i}]", "指标", ind.name, ind.weight, ind.score)
             for i, ind in enumerate(rec.indicators)]
    cells.append(("funds.reported", "预算执行", "项目资金", rec.funds.weight, rec.funds.reported.score))
    cells.append(("total", "总分", "总分", rec.total.weight, rec.total.score))
    for base, kind, name, weight, score in cells:
        if score is None or weight is None or Decimal(0) <= score <= weight:
            continue
        pointer = "total.score" if base == "total" else f"{base}.score"
        where = f"{kind}“{name}”" if kind == "指标" else kind
        word = "超过分值" if score > weight else "小于 0"
        yield Hit(pointer, f"{where}的得分 {format_plain(score)} {word}（分值 {format_plain(weight)}）。",
                  "得分应在 0 与分值之间；请核对原表。", expected=f"0–{format_plain(weight)}",
                  actual=format_plain(score))


def weight_present(rec: Record, ctx: Context) -> Iterator[Hit]:
    """Every indicator's 分值 cell is filled in.

    A blank 分值 is published as blank; the row's score cannot be recomputed (the reported one
    is kept) and the weight sums count it as 0.

    Passes: `weight: 10`.
    Fails: `weight: null` (the unit printed the cell blank).
    """
    for i, ind in enumerate(rec.indicators):
        if ind.weight is None:
            yield Hit(f"indicators[{i}].weight", f"指标“{ind.name}”的分值为空白。",
                      "原表如此则保留 null：本站照原样公开，该项得分不予复核、分值合计按 0 计；"
                      "如系录入遗漏，请按原表补录。", actual="空白")


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
    Rule("W105", Severity.WARNING, "一级指标印出的分值等于其下分值之和", printed_group_weight),
    Rule("W106", Severity.WARNING, "指标分值已填写", weight_present),
)
