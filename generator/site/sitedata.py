"""The site's content as data: records with their scores and findings, grouped by year and department.

Pure functions over validated records; the templates only loop over what is built here.
URLs are ASCII and derive from record ids and a hash of the department name (record-format.md).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from generator.ledger.record_ledger import RecordHistory
from generator.model.decimals import divide
from generator.model.diagnostics import Diagnostic
from generator.model.names import name_key, usual_spelling
from generator.model.record import Record
from generator.read.siteconfig import SiteConfig
from generator.scoring import RecordScore
from generator.scoring.profile import Profile
from generator.site.display import to_wan
from generator.site.documents import document_url

GRADES = ("优", "良", "中", "差")
"""Grades best first (财预〔2020〕10号 第二十六条)."""

BANDS: tuple[tuple[str, Decimal, Decimal], ...] = (
    ("95 分及以上", Decimal(95), Decimal(1000)),
    ("90（含）至 95 分", Decimal(90), Decimal(95)),
    ("85（含）至 90 分", Decimal(85), Decimal(90)),
    ("80（含）至 85 分", Decimal(80), Decimal(85)),
    ("60（含）至 80 分", Decimal(60), Decimal(80)),
    ("60 分以下", Decimal(-1000), Decimal(60)),
)
"""Score distribution bins of the recomputed total; 80, 90 and 60 are the grade bounds."""

NOT_READ = RecordHistory("本次生成没有读取 git 历史")
"""The history of a record when the caller gave none (the build command always reads it)."""


@dataclass(frozen=True)
class Entry:
    """One published record with its recomputation and its findings."""

    record: Record
    profile: Profile
    """The scoring profile the record was recomputed under."""
    score: RecordScore
    findings: tuple[Diagnostic, ...]
    """Warnings and infos of this record (errors never reach the site)."""
    department_slug: str
    history: RecordHistory = NOT_READ
    """First published, last changed and the 更正记录, from git; or why they are absent."""
    document: str | None = None
    """Site path of the kept original document (`sources/…`) when its SHA-256 matches."""

    @cached_property
    def url(self) -> str:
        """Return the page's URL path, relative to the site root (asked for once per listing
        row, key and link: worked out once)."""
        return f"records/{self.record.year}/{self.record.id}/"

    @property
    def department_url(self) -> str:
        """Return the URL path of the record's department page."""
        return f"departments/{self.department_slug}/"


BLANK_DEPARTMENT = "（原表未填主管部门）"
"""How a department printed blank (record `department: ""`) is named in lists and page titles."""


def department_label(name: str) -> str:
    """Return the department's name for lists and titles; a blank one says it was blank."""
    return name if name.strip() else BLANK_DEPARTMENT


@dataclass(frozen=True)
class Department:
    """A 主管部门 and its records across years."""

    name: str
    slug: str
    entries: tuple[Entry, ...]

    @property
    def label(self) -> str:
        """Return the name as lists show it (`BLANK_DEPARTMENT` when printed blank)."""
        return department_label(self.name)

    @property
    def url(self) -> str:
        """Return the page's URL path."""
        return f"departments/{self.slug}/"

    @cached_property
    def years(self) -> tuple[int, ...]:
        """Return the years this department has records for, newest first (once: every page of
        the department asks)."""
        return tuple(sorted({e.record.year for e in self.entries}, reverse=True))


@dataclass(frozen=True)
class Summary:
    """One year at a glance; amounts in 万元 whatever unit each record prints."""

    year: int
    projects: int
    budget: Decimal
    """Sum of 全年预算数 of the total funds rows."""
    executed: Decimal
    """Sum of 全年执行数."""
    rate: Decimal | None
    """executed ÷ budget over the records printing both; None when the budget sum is zero."""
    grades: tuple[tuple[str, int, int], ...]
    """(grade, records with that recomputed grade, records printing that grade)."""
    distribution: tuple[tuple[str, int], ...]
    """(band label, records whose recomputed total lies in it)."""
    with_findings: tuple[Entry, ...]


@dataclass(frozen=True)
class SiteModel:
    """Everything the pages show."""

    config: SiteConfig
    entries: tuple[Entry, ...]
    """Ordered by year (newest first), department, title and id."""
    departments: tuple[Department, ...]
    _by_year: dict[int, tuple[Entry, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Group the entries by year once: every year page, feed and download asks."""
        by_year: dict[int, list[Entry]] = {}
        for entry in self.entries:
            by_year.setdefault(entry.record.year, []).append(entry)
        object.__setattr__(self, "_by_year", {year: tuple(found) for year, found in by_year.items()})

    @property
    def years(self) -> tuple[int, ...]:
        """Return the years with records, newest first."""
        return tuple(sorted(self._by_year, reverse=True))

    def of_year(self, year: int) -> tuple[Entry, ...]:
        """Return the entries of one year, in site order."""
        return self._by_year.get(year, ())


def department_slug(name: str) -> str:
    """Return the ASCII URL segment of a department: `d` and 10 hex digits of its SHA-256.

    `build_model` passes the department's usual spelling, so every variant shares one page.
    """
    return "d" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]


def _order(entry: Entry) -> tuple[int, str, str, str]:
    rec = entry.record
    return (-rec.year, rec.department, rec.title, rec.id)


def build_model(config: SiteConfig, scored: Iterable[tuple[Record, Profile, RecordScore]],
                diagnostics: Iterable[Diagnostic],
                histories: Mapping[str, RecordHistory] | None = None,
                documents: Mapping[str, str] | None = None) -> SiteModel:
    """Return the site model: records with profiles, scores, findings and histories (by path).

    `documents` are the SHA-256 of the kept originals by file name (`site.documents`).
    """
    by_file: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_file.setdefault(d.file, []).append(d)
    known = histories or {}
    items = list(scored)
    spellings: dict[str, list[str]] = {}
    for rec, _profile, _score in items:
        spellings.setdefault(name_key(rec.department), []).append(rec.department)
    # One page per department however its name was spaced or typed; named as most records print it.
    shown = {key: usual_spelling(names) for key, names in spellings.items()}
    entries = tuple(sorted(
        (Entry(rec, profile, score, tuple(by_file.get(rec.path, ())),
               department_slug(shown[name_key(rec.department)]), known.get(rec.path, NOT_READ),
               document_url(rec, documents or {}))
         for rec, profile, score in items), key=_order))
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(name_key(entry.record.department), []).append(entry)
    departments = tuple(
        Department(shown[key], department_slug(shown[key]), tuple(groups[key]))
        for key in sorted(groups, key=lambda k: shown[k]))
    return SiteModel(config, entries, departments)


def _wan(entry: Entry, value: Decimal | None) -> Decimal:
    return Decimal(0) if value is None else to_wan(value, entry.record.amount_unit)


_SUMMARIES: OrderedDict[int, tuple[tuple[Entry, ...], int, Summary]] = OrderedDict()
"""The last summaries made, by the identity of their entries (held, so never reused): the
home, years, year and charts pages all ask for the same year's."""


def summarize(year: int, entries: tuple[Entry, ...]) -> Summary:
    """Return the at-a-glance figures of one year's entries."""
    found = _SUMMARIES.get(id(entries))
    if found is not None and found[0] is entries and found[1] == year:
        return found[2]
    made = _summarize(year, entries)
    _SUMMARIES[id(entries)] = (entries, year, made)
    if len(_SUMMARIES) > 32:
        _SUMMARIES.popitem(last=False)
    return made


def _summarize(year: int, entries: tuple[Entry, ...]) -> Summary:
    budget = executed = base = spent = Decimal(0)
    recomputed = dict.fromkeys(GRADES, 0)
    printed = dict.fromkeys(GRADES, 0)
    bands = [0] * len(BANDS)
    for e in entries:
        row = e.record.funds.total
        planned = _wan(e, row.budget)
        done = _wan(e, row.executed)
        budget += planned
        executed += done
        # The rate only over records printing both figures, so a blank never lowers it.
        if row.budget is not None and row.executed is not None:
            base += planned
            spent += done
        if e.score.grade in recomputed:
            recomputed[e.score.grade] += 1
        if e.record.total.grade in printed:
            printed[e.record.total.grade] += 1
        total = e.score.total
        for position, (_, low, high) in enumerate(BANDS):
            if low <= total < high:
                bands[position] += 1
    grades = tuple((g, recomputed[g], printed[g]) for g in GRADES)
    distribution = tuple((label, bands[position]) for position, (label, _, _) in enumerate(BANDS))
    return Summary(year, len(entries), budget, executed, divide(spent, base) if base else None,
                   grades, distribution, tuple(e for e in entries if e.findings))
