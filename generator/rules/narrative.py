"""Narrative rules: template instructions left in the free-text fields."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.model.diagnostics import Severity
from generator.model.record import Record
from generator.rules.base import Context, Hit, Rule

TEMPLATE_PHRASES: tuple[tuple[str, str], ...] = (
    (r"请(?:填写|输入|在此|根据|按照|简要|说明|列明|对照|选择|补充)", "“请填写”类填表提示"),
    (r"填[写表报]说明|填写示例|示例[:：]", "填表说明或示例"),
    (r"此处|在此[填输]", "“此处”类占位提示"),
    (r"[（(]\s*注\s*[:：][^）)]*?(?:填|请|应|须|不超过|字以内)[^）)]*[）)]", "模板中的“（注：…）”说明"),
    (r"(?:不超过|限|控制在)\s*\d+\s*(?:个)?字", "字数限制提示"),
    (r"(?<![A-Za-z])(?:[Xx]{2,}|×{2,}|＊{2,}|\*{2,}|○{2,}|某某)(?![A-Za-z])", "XX、×× 等占位符"),
)
"""(pattern, what it is): wording of the template's filling instructions and placeholders.

Collected from the template's 填表说明 and from published tables where the instruction was left
in; add a pattern here (no code change) when a new one is seen."""

_COMPILED = tuple((re.compile(pattern), label) for pattern, label in TEMPLATE_PHRASES)


def _fields(rec: Record) -> Iterator[tuple[str, str, str]]:
    yield "goals.planned", "预期目标", rec.goals.planned
    yield "goals.achieved", "实际完成情况", rec.goals.achieved
    for i, ind in enumerate(rec.indicators):
        yield f"indicators[{i}].deviation", f"指标“{ind.name}”的偏差原因分析", ind.deviation
    yield "notes", "其他需要说明事项", rec.notes


def find_phrases(text: str) -> list[tuple[str, str]]:
    """Return (matched text, what it is) for every template phrase in the text, in order."""
    spans = sorted((m.start(), -m.end(), m.group(0), label)
                   for rx, label in _COMPILED for m in rx.finditer(text))
    kept: list[tuple[str, str]] = []
    end = 0
    for start, neg_end, match, label in spans:
        if start >= end:  # a phrase inside one already reported is the same instruction
            kept.append((match, label))
            end = -neg_end
    return kept


def no_template_text(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The narrative fields hold the unit's own text, not the template's instructions.

    Checked: 预期目标, 实际完成情况, every 偏差原因分析及改进措施, and 其他需要说明事项. The phrases
    are data (`TEMPLATE_PHRASES`): 请填写…, 填写说明, 此处…, （注：…不超过300字）, XX, ××.

    Passes: `deviation: 贯彻落实政府“过紧日子”要求厉行节约。`
    Fails: `deviation: 请填写偏差原因及改进措施（注：不超过200字）`;
    `achieved: 已完成XX项目建设。`
    """
    for pointer, label, text in _fields(rec):
        found = find_phrases(text)
        if found:
            quoted = "、".join(f"“{match}”（{what}）" for match, what in found)
            yield Hit(pointer, f"{label}中留有模板填写提示：{quoted}。",
                      "请删去填表提示，按实际情况填写；原表如此则保留并在说明中注明。",
                      actual=found[0][0])


def _plain(text: str) -> str:
    """Return the text without whitespace, for comparing two narrative cells."""
    return "".join(text.split())


def achieved_not_copied(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The 实际完成情况 of the overall goal is not a copy of its 预期目标.

    An information only: a goal may be met word for word, but a copied cell says nothing of
    what was actually done, so the reader is told.

    Passes: `planned: 定期维护监控系统。`, `achieved: 全年维护 12 次，系统稳定运行。`
    Fails: `planned: 定期维护监控系统。`, `achieved: 定期维护监控系统。`
    """
    planned, achieved = _plain(rec.goals.planned), _plain(rec.goals.achieved)
    if planned and planned == achieved:
        yield Hit("goals.achieved", "年度总体目标的实际完成情况与预期目标一字不差。",
                  "原表如此则照原样公开；实际完成情况宜写明实际做了什么、达到什么程度。",
                  expected="实际完成的情况", actual=rec.goals.achieved)


RULES = (
    Rule("N101", Severity.WARNING, "叙述中没有遗留的模板提示", no_template_text),
    Rule("N102", Severity.INFO, "实际完成情况不是照抄的预期目标", achieved_not_copied),
)
