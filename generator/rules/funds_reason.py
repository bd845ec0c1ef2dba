"""Funds rules that depend on a provincial profile: a low execution rate needs a reason."""

from __future__ import annotations

from collections.abc import Iterator

from generator.model.decimals import format_percent
from generator.model.diagnostics import Severity
from generator.model.record import Record
from generator.rules.base import Context, Hit, Rule
from generator.scoring.execution import execution_rate


def low_rate_explained(rec: Record, ctx: Context) -> Iterator[Hit]:
    """Where the profile requires it, an execution rate below its threshold comes with a reason.

    The Sichuan table (profile `sichuan`) says: 预算执行率未达到90%的需说明原因. The rate is the
    recomputed one (执行数 ÷ 调整后预算数, the record's `budget` column); the reason is looked
    for in 其他需要说明事项 (`notes`). Profiles without such a rule (`national`) never fire.

    Passes: profile `sichuan`, 76.83 ÷ 85 = 90.39%; or 60 ÷ 85 = 70.59% with
    `notes: 部分设备采购延至次年。`
    Fails: profile `sichuan`, 60 ÷ 85 = 70.59% and `notes: ""`.
    """
    threshold = ctx.profile.reason_below
    rate, _ = execution_rate(rec.funds)
    if threshold is None or rate is None or rate >= threshold or rec.notes.strip():
        return
    yield Hit("funds.reported.rate",
              f"执行率（复核）为 {format_percent(rate)}，低于评分规则“{ctx.profile.title}”要求说明原因的 "
              f"{format_percent(threshold)}，但没有写明原因。",
              "原表如此则照原样公开；原表写有原因的，请录入“其他需要说明事项”。",
              expected="执行率偏低的原因", actual="空白")


RULES = (Rule("F108", Severity.WARNING, "执行率偏低时写明原因", low_rate_explained),)
