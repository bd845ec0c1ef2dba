"""The 方法与规则 page's content, generated from the rule registry and the scoring profiles.

Nothing here is written by hand for one rule or one profile: a new code or profile appears on
the page by being catalogued (`generator/report/catalogue.py` gathers the rules' registry and the
importer's codes) or shipped (`generator/scoring/profiles/`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from generator.report.catalogue import CATALOGUE, CodeDoc
from generator.scoring.coverage import REASONS
from generator.scoring.profile import Profile, available, load_profile
from generator.site.display import percent, printed
from generator.site.htmlsafe import html_text

_CODE_SPAN = re.compile(r"`([^`]+)`")
REVERSE_METHODS = {
    "ratio": "未达成时得分 = 指标值 ÷ 完成值 × 分值（模板填表说明）",
    "linear": "未达成时得分 = (1 − (完成值 − 指标值) ÷ 指标值) × 分值，完成值达到指标值两倍时为 0",
}


@dataclass(frozen=True)
class RuleDoc:
    """One rule as the page shows it."""

    code: str
    title: str
    severity: str
    paragraphs: tuple[Markup, ...]
    examples: tuple[tuple[str, str], ...] = ()
    """(label, YAML text) pairs shown as code, for the loader's codes."""


@dataclass(frozen=True)
class ProfileDoc:
    """One scoring profile in words."""

    name: str
    title: str
    description: str
    weights: tuple[tuple[str, str], ...]
    reverse: str
    over: str
    bands: tuple[tuple[str, str], ...]
    wording: tuple[tuple[str, str, str], ...]
    """(band, the words of a 实际完成值 that place a score in it, their source)."""
    funds: str
    """How the execution rate is computed, and when a reason is required."""
    grades: tuple[tuple[str, str], ...]
    sources: tuple[tuple[str, str], ...]
    in_use: bool


@dataclass(frozen=True)
class MethodModel:
    """Every rule and every profile."""

    rules: tuple[RuleDoc, ...]
    profiles: tuple[ProfileDoc, ...]
    coverage: tuple[tuple[str, str], ...] = ()
    """(label, explanation) of every reason a score is not recomputed."""


def doc_paragraphs(text: str) -> tuple[Markup, ...]:
    """Return a docstring's paragraphs as escaped HTML, `code` spans as `<code>`."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return tuple(Markup(_CODE_SPAN.sub(r"<code>\1</code>", str(html_text(" ".join(p.split())))))
                 for p in paragraphs)


def _rule(entry: CodeDoc) -> RuleDoc:
    passes, fails = entry.examples
    examples = tuple((label, text) for label, text in (("通过：", passes), ("不通过：", fails)) if text)
    return RuleDoc(entry.code, entry.title, entry.severity.label, doc_paragraphs(entry.doc), examples)


def _profile(profile: Profile, in_use: bool) -> ProfileDoc:
    split = tuple((name, printed(w)) for name, w in profile.level1_weights)
    if not split:
        split = (("绩效指标", f"{printed(profile.indicators_weight)}（一级指标分值由单位自行分配）"),)
    weights = (("总分", printed(profile.total_weight)), ("预算执行率", printed(profile.funds_weight)),
               *split)
    bands = tuple((b.wording or b.label or key, f"{percent(b.low)}（含）至 {percent(b.high)}")
                  for key, b in profile.bands)
    labels = {key: b.label or key for key, b in profile.bands}
    sources = dict(profile.evidence_sources)
    wording = tuple((labels[key], "、".join(words), sources.get(key, ""))
                    for key, words in profile.evidence)
    funds = f"执行率 = 全年执行数 ÷ {profile.budget_label}"
    if profile.reason_below is not None:
        funds += f"；执行率低于 {percent(profile.reason_below)} 须说明原因"
    grades = tuple((grade, f"{printed(low)} 分（含）以上") for grade, low in profile.grades)
    return ProfileDoc(profile.name, profile.title, profile.description, weights,
                      REVERSE_METHODS.get(profile.reverse_method, profile.reverse_method),
                      percent(profile.over_threshold), bands, wording, funds, grades,
                      profile.sources, in_use)


def method_model(used: set[str]) -> MethodModel:
    """Return the documentation of every rule code and every shipped profile."""
    rules = tuple(_rule(entry) for entry in CATALOGUE.values())
    profiles = tuple(_profile(load_profile(name), name in used) for name in available())
    return MethodModel(rules, profiles, tuple(REASONS.values()))
