"""The comparisons the department and record pages show, computed once per build (as `cmp.…`)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from generator.site import charts
from generator.site.compare import (
    DepartmentYear,
    LoweredTarget,
    department_years,
    lowered_targets,
    recurring,
)
from generator.site.sitedata import Department, Entry, SiteModel


@dataclass(frozen=True)
class Comparison:
    """Per-year figures of the whole site, department-years and recurring projects."""

    whole: dict[int, DepartmentYear]
    """Each year's figures over all its records."""
    by_department: dict[str, tuple[DepartmentYear, ...]]
    """Each department's years, by its URL."""
    series: dict[str, tuple[Entry, ...]]
    """Record id → every record of its series, oldest first (only recurring projects)."""
    department_years: tuple[DepartmentYear, ...] = ()
    """Every department-year, as `compare.department_years` orders them."""
    _lowered: dict[str, tuple[LoweredTarget, ...]] = field(
        default_factory=dict, compare=False, repr=False)
    """`lowered` by the id of a series' first record: every page of a series shows the same."""

    @classmethod
    def of(cls, model: SiteModel) -> Comparison:
        """Return the comparisons of a site."""
        whole = {year: charts.whole_year(year, model.of_year(year)) for year in model.years}
        rows = department_years(model)
        by_department: dict[str, list[DepartmentYear]] = {}
        for row in rows:
            by_department.setdefault(row.url, []).append(row)
        series = {e.record.id: group for group in recurring(model.entries).values() for e in group}
        return cls(whole, {k: tuple(v) for k, v in by_department.items()}, series, rows)

    def median(self, year: int) -> Decimal:
        """Return the year's median recomputed total."""
        return self.whole[year].median

    def from_median(self, entry: Entry) -> Decimal:
        """Return the entry's recomputed total minus its year's median."""
        return entry.score.total - self.median(entry.record.year)

    def department_rows(self, department: Department) -> tuple[DepartmentYear, ...]:
        """Return the department's figures per year, newest first."""
        return self.by_department[department.url]

    def department_charts(self, department: Department) -> tuple[charts.Chart, ...]:
        """Return the department's charts against the whole of each year."""
        rows = self.department_rows(department)
        made = charts.department_charts(rows, self.whole, "chart-" + department.slug)
        latest = rows[0].year
        projects = charts.projects_chart(
            latest, [e for e in department.entries if e.record.year == latest],
            self.median(latest), "chart-" + department.slug)
        return made if projects is None else (*made, projects)

    def series_of(self, entry: Entry) -> tuple[Entry, ...]:
        """Return every record of the entry's series, oldest first; () when it does not recur."""
        return self.series.get(entry.record.id, ())

    def series_charts(self, entry: Entry) -> tuple[charts.Chart, ...]:
        """Return the recurring project's charts across years."""
        return charts.series_charts(self.series_of(entry), "chart-" + entry.record.id)

    def lowered(self, entry: Entry) -> tuple[LoweredTarget, ...]:
        """Return the targets lowered between consecutive years of the entry's series."""
        group = self.series_of(entry)
        if not group:
            return ()
        known = self._lowered.get(group[0].record.id)
        if known is not None:
            return known
        found: list[LoweredTarget] = []
        for before, after in itertools.pairwise(group):
            if before.record.year != after.record.year:
                found.extend(lowered_targets(before, after))
        made = self._lowered[group[0].record.id] = tuple(found)
        return made
