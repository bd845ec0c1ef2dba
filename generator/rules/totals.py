"""Total rules (总分): the declared total and grade agree with the printed scores."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from generator.model.decimals import CENT, format_plain, places_of, quantize_half_up
from generator.model.diagnostics import Severity
from generator.model.record import Record
from generator.rules.base import Context, Hit, Rule
from generator.scoring import grade_for
from generator.scoring.profile import Profile


def total_is_sum(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The declared 总分 equals the funds score plus every indicator's printed score.

    Blank scores count as 0 (and are reported by I112 / F107). Compared to two places.

    Passes: funds 9.04 + indicators 89.52 with `total: {weight: 100, score: 98.56}`.
    Fails: funds 10.00 + indicators 85 with `total: {weight: 100, score: 100.00}` (sum 95.00).
    """
    declared = rec.total.score
    if declared is None:
        return
    found = _sum_of_scores(rec)
    places = Decimal(1).scaleb(-max(2, places_of(declared)))
    if quantize_half_up(found, places) == declared:
        return
    blanks = sum(1 for ind in rec.indicators if ind.score is None)
    blanks += rec.funds.reported.score is None
    note = f"（{blanks} 个空白得分按 0 计）" if blanks else ""
    shown = format_plain(quantize_half_up(found, CENT))
    yield Hit("total.score",
              f"总分印为 {format_plain(declared)}，而预算执行得分与各指标得分之和为 {shown}{note}。",
              "总分 = 预算执行得分 + 各指标得分；请核对原表。",
              expected=shown, actual=format_plain(declared))


def _sum_of_scores(rec: Record) -> Decimal:
    parts = [rec.funds.reported.score, *(ind.score for ind in rec.indicators)]
    return sum((p for p in parts if p is not None), Decimal(0))


def grade_matches(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The declared 评价等级 is the grade the declared 总分 falls in.

    National bands: 优 90（含）–100, 良 80（含）–90, 中 60（含）–80, 差 below 60. The grade is
    read from the total rounded half up to two places, as a reader sees it: 89.995 is 90.00, 优.

    Passes: `total: {weight: 100, score: 90.00, grade: 优}`.
    Fails: `total: {weight: 100, score: 89.99, grade: 优}` (89.99 is 良).
    """
    declared, grade = rec.total.score, rec.total.grade
    if declared is None or grade is None:
        return
    expected = grade_for(declared, ctx.profile)
    low = dict(ctx.profile.grades)[expected]
    if expected != grade:
        yield Hit("total.grade",
                  f"评价等级印为“{grade}”，而总分 {format_plain(declared)} 按评分规则"
                  f"“{ctx.profile.title}”应为“{expected}”（{format_plain(low)} 分及以上）。",
                  "等级按总分划分（含下限）：" + _bands(ctx.profile) + "。",
                  expected=expected, actual=grade)


def _bands(profile: Profile) -> str:
    return "，".join(f"{grade} {format_plain(low)} 分及以上" for grade, low in profile.grades)


def total_present(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The 总分 cell is filled in.

    Passes: `total: {weight: 100, score: 98.56}`.
    Fails: `total: {weight: 100, score: null}`.
    """
    if rec.total.score is None:
        shown = format_plain(quantize_half_up(_sum_of_scores(rec), CENT))
        yield Hit("total.score", f"总分未填写；预算执行得分与各指标得分之和为 {shown}。",
                  "原表如此则保留 null，本站照原样公开并另行复核总分；如系录入遗漏，请按原表补录。", expected=shown, actual="空白")


RULES = (
    Rule("T101", Severity.WARNING, "总分等于各项得分之和", total_is_sum),
    Rule("T102", Severity.WARNING, "评价等级与总分相符", grade_matches),
    Rule("T103", Severity.WARNING, "总分已填写", total_present),
)
