"""Scoring profiles as data: one YAML file per profile in `generator/scoring/profiles/`.

A province or year that scores differently gets a new profile file, never a branch in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from generator.model.decimals import format_plain
from generator.model.levels import LEVELS


class UnknownProfile(LookupError):
    """Raised when a record or site.yaml names a profile that has no file."""


class InvalidProfile(ValueError):
    """Raised when a profile file's weights do not add up or name an unknown 一级指标."""


@dataclass(frozen=True)
class Band:
    """A share of an indicator's weight, [low, high] as fractions."""

    low: Decimal
    high: Decimal
    label: str = ""
    """Short Chinese name of the band (达成, 部分达成, 未达成)."""
    wording: str = ""
    """The template's own wording of the band (达成年度指标 …), for the method page."""


@dataclass(frozen=True)
class Profile:
    """The constants of one scoring rule set; each is cited in its YAML file."""

    name: str
    title: str
    description: str
    total_weight: Decimal
    funds_weight: Decimal
    level1_weights: tuple[tuple[str, Decimal], ...]
    """Default first-level split, e.g. 产出指标 50, 效益指标 30, 满意度指标 10; empty when the
    unit splits the indicators' points itself (Sichuan)."""
    indicators_weight: Decimal
    """The points of all indicators together (90 in both national and Sichuan tables)."""
    reverse_method: str
    """`ratio` (指标值 ÷ 完成值 × 分值) or `linear` (zero at twice the target)."""
    over_threshold: Decimal
    """完成值 ÷ 指标值 at or above which a reason is required (target set too low)."""
    bands: tuple[tuple[str, Band], ...]
    """Qualitative bands: achieved, partial, failed."""
    evidence: tuple[tuple[str, tuple[str, ...]], ...]
    """Words of a qualitative 实际完成值 that name its band, e.g. ("partial", ("部分达成", …))."""
    evidence_sources: tuple[tuple[str, str], ...]
    """(band key, citation of its words)."""
    opposites: tuple[tuple[str, str], ...]
    """Yes/no answers (是/否): an actual answering a target's opposite supports the lowest band."""
    grades: tuple[tuple[str, Decimal], ...]
    """(grade, inclusive lower bound), best first."""
    sources: tuple[tuple[str, str], ...]
    """(section, citation) for every group of constants."""
    budget_label: str = "全年预算数"
    """How the profile's table names the budget the rate divides by (Sichuan: 调整后预算数)."""
    reason_below: Decimal | None = None
    """An execution rate below this needs a written reason (Sichuan: 0.90); None: no such rule."""
    raw: Any = field(default=None, compare=False, repr=False)
    """The parsed YAML, for the method page (left out of equality so a profile is hashable)."""


BAND_KEYS = ("achieved", "partial", "failed")
"""Qualitative bands, best first (domain.md: 达成 / 部分达成 / 未达成)."""
REVERSE_METHODS = ("ratio", "linear")


def available() -> list[str]:
    """Return the names of all shipped profiles, sorted."""
    folder = resources.files(__package__).joinpath("profiles")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


@cache
def load_profile(name: str) -> Profile:
    """Return the profile named `name`, or raise UnknownProfile."""
    if name not in available():
        raise UnknownProfile(name)
    text = resources.files(__package__).joinpath("profiles", f"{name}.yaml").read_text("utf-8")
    data = YAML(typ="safe").load(text)
    return _build(data, f"{name}.yaml")


def load_profile_file(path: Path) -> Profile:
    """Return the profile in a YAML file outside the package (a draft, or a test's own).

    Records and site.yaml can only name shipped profiles; this reads one that is not shipped
    yet, with the same checks, so that a new province's constants can be tried first.
    """
    return _build(YAML(typ="safe").load(path.read_text(encoding="utf-8")), path.name)


def _dec(value: Any) -> Decimal:
    return Decimal(str(value))


def _build(data: dict[str, Any], shown: str) -> Profile:
    if data["reverse_formula"]["method"] not in REVERSE_METHODS:
        raise InvalidProfile(f"评分规则文件 {shown}：reverse_formula.method 只能是 "
                             f"{' 或 '.join(REVERSE_METHODS)}。")
    weights = data["weights"]
    total, funds, indicators, level1 = _weights(weights, shown)
    bands = data["qualitative_bands"]
    return Profile(
        name=data["name"],
        title=data["title"],
        description=data["description"],
        total_weight=total,
        funds_weight=funds,
        level1_weights=level1,
        indicators_weight=indicators,
        reverse_method=data["reverse_formula"]["method"],
        over_threshold=_dec(data["over_achievement"]["threshold"]),
        bands=tuple((k, Band(_dec(bands[k]["low"]), _dec(bands[k]["high"]), bands[k]["label"],
                             bands[k].get("wording", "")))
                    for k in BAND_KEYS),
        evidence=tuple((k, _words(data["qualitative_evidence"].get(k))) for k in BAND_KEYS),
        evidence_sources=tuple((k, _word_source(data["qualitative_evidence"], k))
                               for k in BAND_KEYS),
        opposites=tuple((str(a), str(b)) for a, b
                        in data["qualitative_evidence"].get("opposites") or ()),
        grades=tuple((b["grade"], _dec(b["min"])) for b in data["grades"]["bands"]),
        sources=tuple((k, v["source"]) for k, v in data.items()
                      if isinstance(v, dict) and "source" in v),
        budget_label=str(data.get("funds", {}).get("base", "全年预算数")),
        reason_below=_optional(data.get("funds", {}).get("reason_below")),
        raw=data,
    )


def _weights(weights: dict[str, Any], shown: str
             ) -> tuple[Decimal, Decimal, Decimal, tuple[tuple[str, Decimal], ...]]:
    """Return total, funds, indicators and the first-level split, checked to add up.

    `indicators` defaults to total − funds; `level1` may be empty (the unit splits the points
    itself, as in Sichuan) or must name 一级指标 of the template whose points add up to it."""
    total, funds = _dec(weights["total"]), _dec(weights["funds"])
    indicators = _dec(weights["indicators"]) if "indicators" in weights else total - funds
    level1 = tuple((str(k), _dec(v)) for k, v in (weights.get("level1") or {}).items())
    where = f"评分规则文件 {shown}：weights"
    if funds + indicators != total:
        raise InvalidProfile(f"{where} 中预算执行 {format_plain(funds)} + 绩效指标 "
                             f"{format_plain(indicators)} 不等于总分 {format_plain(total)}。")
    unknown = [name for name, _ in level1 if name not in LEVELS]
    if unknown:
        raise InvalidProfile(f"{where}.level1 的“{'、'.join(unknown)}”不是一级指标名称"
                             f"（应为 {'、'.join(LEVELS)}）。")
    split = sum((w for _, w in level1), Decimal(0))
    if level1 and split != indicators:
        raise InvalidProfile(f"{where}.level1 的分值合计 {format_plain(split)} 不等于绩效指标分值 "
                             f"{format_plain(indicators)}。")
    return total, funds, indicators, level1


def _optional(value: Any) -> Decimal | None:
    return None if value is None else _dec(value)


def _words(entry: Any) -> tuple[str, ...]:
    """Return a band's words: a list, or a mapping with `words:` and its own `source:`."""
    if isinstance(entry, dict):
        entry = entry.get("words")
    return tuple(str(word) for word in entry or ())


def _word_source(evidence: dict[str, Any], key: str) -> str:
    """Return the citation of a band's words: its own `source:`, else the group's."""
    entry = evidence.get(key)
    if isinstance(entry, dict) and entry.get("source"):
        return str(entry["source"])
    return str(evidence.get("source", ""))
