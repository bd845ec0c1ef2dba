"""Findings of the recomputation: published figures that differ from what the rules give.

Each rule compares one kind of published figure with the record's scoring under its profile
(`Context.score`, computed once by `check`) and points at the published value, with expected
(recomputed), actual (published) and the difference. Relation to the rules that check printed figures:

| C-code | same fact as | relation |
|---|---|---|
| (funds rate) | F102 | the same comparison at the printed precision: F102 reports it, no C-code |
| (funds score) | F103 | the same figure from the exact rate: F103 reports it, no C-code |
| C103 指标得分 | I108, I109, W103 (score cells) | the specific diagnosis supersedes C103 on the same cell (Rule.supersedes) |
| C104 总分 | T101 | different facts: T101 adds the printed scores, C104 the recomputed ones |
| C105 评价等级 | T102 | different facts: T102 grades the printed total, C105 the recomputed one |
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model.diagnostics import Severity
from generator.model.record import Record
from generator.rules.base import Context, Hit, Rule
from generator.scoring import Difference

_HINT = "公开数字按原样保留并与复核结果并列显示；如原表确有错误，请按更正流程修改并在 corrections 中说明。"


def _hits(ctx: Context, kind: str) -> Iterator[Hit]:
    for d in ctx.score.differences:
        if d.kind == kind:
            yield _hit(d)


def _hit(d: Difference) -> Hit:
    if d.kind == "grade":
        message = f"{d.figure}报告为“{d.reported}”，复核为“{d.computed}”。{d.explanation}"
    else:
        message = (f"{d.figure}报告为 {d.reported}，复核为 {d.computed}，相差 {d.difference}。"
                   f"{d.explanation}")
    return Hit(d.pointer, message, _HINT, expected=d.computed, actual=d.reported,
               extra=(("difference", d.difference),))


def indicator_score(rec: Record, ctx: Context) -> Iterator[Hit]:
    """Each indicator's printed 得分 equals the score its scoring rule gives.

    Forward targets met get the full 分值, missed ones 完成值 ÷ 指标值 × 分值; reverse targets
    follow the profile's formula; qualitative scores must lie in the band the reported actual
    supports; no score exceeds its 分值. Where the rules cannot recompute a score (units that
    do not compare, unreadable cells) nothing is reported, except a score outside 0–分值. It
    covers I108 (a met target scored below its weight), I109 (a met cost target scored
    proportionally) and W103 (a score outside 0–分值) on the same cell: keep this one, as it
    names the method and the expected score.

    Passes: `target: ">=2次"`, `actual: 2次`, `weight: 10`, `score: 10`.
    Fails: the same row with `score: 5` (expected 10.00, difference 5.00).
    """
    return _hits(ctx, "indicator")


def total_score(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The printed 总分 equals the recomputed funds score plus the recomputed indicator scores.

    T101 checks the total against the printed scores; this one against the scores the rules
    give, so it shows how far the published total is from the rules' one.

    Passes: every score as the rules give it and `total.score` their sum.
    Fails: the seed's first table, `score: 98.56` where the rules give 99.04.
    """
    return _hits(ctx, "total")


def grade(rec: Record, ctx: Context) -> Iterator[Hit]:
    """A printed 评价等级 is the grade of the recomputed total (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差).

    T102 checks the printed grade against the printed total; this one against the recomputed
    total. Nothing is reported when no grade was printed.

    Passes: recomputed total 99.04 and `grade: 优`.
    Fails: recomputed total 99.04 and `grade: 良`.
    """
    return _hits(ctx, "grade")


RULES = (
    Rule("C103", Severity.WARNING, "指标得分与复核结果不符", indicator_score),
    Rule("C104", Severity.WARNING, "总分与复核结果不符", total_score),
    Rule("C105", Severity.WARNING, "评价等级与复核结果不符", grade),
)
