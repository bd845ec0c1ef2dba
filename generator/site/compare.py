"""Comparisons across departments and years: medians, department-years and recurring projects.

Pure functions over the site model. A project recurs when records of different years share a
series key: the record's optional `series:` field, else its department and normalised title.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from generator.model.decimals import divide
from generator.model.values import Kind, parse_cell
from generator.site.display import to_wan
from generator.site.sitedata import Entry, SiteModel

_YEAR_WORDS = re.compile(r"(19|20)\d{2}\s*年度?")
_NOT_WORD = re.compile(r"[\W_]+")
_REVERSE_OPS = ("<", "<=", "≤", "＜", "≦")


def median(values: Sequence[Decimal]) -> Decimal | None:
    """Return the exact median (mean of the two middle values for an even count), or None."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def year_medians(model: SiteModel) -> dict[int, Decimal]:
    """Return the median recomputed total of each year."""
    medians: dict[int, Decimal] = {}
    for year in model.years:
        value = median([e.score.total for e in model.of_year(year)])
        if value is not None:
            medians[year] = value
    return medians


@dataclass(frozen=True)
class DepartmentYear:
    """One department in one year: the figures of the departments page."""

    name: str
    url: str
    year: int
    projects: int
    budget: Decimal
    """全年预算数 in 万元."""
    executed: Decimal
    rate: Decimal | None
    """executed ÷ budget over the records printing both."""
    median: Decimal
    """Median recomputed total."""
    with_findings: int
    full_marks: int
    """Records whose printed total equals its weight."""


def department_year(name: str, url: str, year: int, entries: Sequence[Entry]) -> DepartmentYear:
    """Return one department-year's figures."""
    def wan(entry: Entry, value: Decimal | None) -> Decimal:
        return Decimal(0) if value is None else to_wan(value, entry.record.amount_unit)

    totals = [(e, e.record.funds.total) for e in entries]
    both = [(e, r) for e, r in totals if r.budget is not None and r.executed is not None]
    base = sum((wan(e, r.budget) for e, r in both), Decimal(0))
    spent = sum((wan(e, r.executed) for e, r in both), Decimal(0))
    return DepartmentYear(
        name, url, year, len(entries),
        sum((wan(e, r.budget) for e, r in totals), Decimal(0)),
        sum((wan(e, r.executed) for e, r in totals), Decimal(0)),
        divide(spent, base) if base else None,
        median([e.score.total for e in entries]) or Decimal(0),
        sum(1 for e in entries if e.findings),
        sum(1 for e in entries if full_marks(e)))


def department_years(model: SiteModel) -> tuple[DepartmentYear, ...]:
    """Return every department-year, by department name and newest year first."""
    rows = []
    for dept in model.departments:
        for year in dept.years:
            rows.append(department_year(dept.label, dept.url, year,
                                        [e for e in dept.entries if e.record.year == year]))
    return tuple(rows)


def full_marks(entry: Entry) -> bool:
    """Return True when the printed total equals the printed total weight."""
    total = entry.record.total
    return total.score is not None and total.score == total.weight


def series_key(entry: Entry) -> str:
    """Return the key joining a project's records across years."""
    rec = entry.record
    if rec.series:
        return "series\n" + rec.series.strip()
    title = unicodedata.normalize("NFKC", rec.title)
    title = _NOT_WORD.sub("", _YEAR_WORDS.sub("", title))
    return unicodedata.normalize("NFKC", rec.department).strip() + "\n" + title


def recurring(entries: Iterable[Entry]) -> dict[str, tuple[Entry, ...]]:
    """Return the series with records in at least two years, each oldest year first.

    A title-matched group with two records in the same year is not a series: which of them the
    next year continues cannot be told, so they are left alone (the `series:` field joins them
    when the officer knows)."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(series_key(entry), []).append(entry)
    found = {}
    for key, group in groups.items():
        years = [e.record.year for e in group]
        if len(set(years)) < 2 or (not key.startswith("series\n") and len(set(years)) < len(years)):
            continue
        found[key] = tuple(sorted(group, key=lambda e: (e.record.year, e.record.id)))
    return found


@dataclass(frozen=True)
class LoweredTarget:
    """An indicator whose target asks less than the year before."""

    name: str
    before_year: int
    before: str
    after_year: int
    after: str


def lowered_targets(before: Entry, after: Entry) -> tuple[LoweredTarget, ...]:
    """Return the indicators (matched by name) whose numeric target became easier to meet.

    Same unit and comparator direction only: a higher-is-better target that fell, or a
    lower-is-better one (≤, <) that rose. Anything not comparable is left out, never guessed.
    """
    earlier = {_name(i.name): i for i in before.record.indicators}
    found = []
    for ind in after.record.indicators:
        old = earlier.get(_name(ind.name))
        if old is None:
            continue
        a, b = parse_cell(old.target), parse_cell(ind.target)
        if (a.kind is not Kind.QUANTITY or b.kind is not Kind.QUANTITY or a.number is None
                or b.number is None or a.unit != b.unit or _reverse(a.op) != _reverse(b.op)):
            continue
        easier = b.number > a.number if _reverse(b.op) else b.number < a.number
        if easier:
            found.append(LoweredTarget(ind.name, before.record.year, a.text,
                                       after.record.year, b.text))
    return tuple(found)


@lru_cache(maxsize=65536)
def _name(text: str) -> str:
    """Return an indicator name as compared across years (NFKC, letters and digits only);
    names recur on every page of a series and in every year, so each is worked out once."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text))


def _reverse(op: str | None) -> bool:
    return op in _REVERSE_OPS
