"""The site's charts as data: each a one-sentence Chinese summary, an SVG and its data table.

Per year: distribution of recomputed totals, grades (printed vs recomputed), recomputed minus
printed totals. Per department: execution rate and median score against the whole year. Per
recurring project: budget, execution rate and score across years.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from generator.site import display
from generator.site.compare import DepartmentYear, department_year
from generator.site.sitedata import GRADES, Entry, Summary
from generator.site.svg import Bar, bar_chart

DIFF_BINS: tuple[tuple[str, Decimal | None, Decimal | None], ...] = (
    ("低 5 分以上", None, Decimal(-5)),
    ("低 0.01 至 5 分", Decimal(-5), Decimal(0)),
    ("一致", Decimal(0), Decimal(0)),
    ("高 0.01 至 5 分", Decimal(0), Decimal(5)),
    ("高 5 分以上", Decimal(5), None),
)
"""Recomputed minus printed total, in bins (low is exclusive, high inclusive, for negatives)."""


@dataclass(frozen=True)
class Chart:
    """A chart with what it says in words and the data it draws."""

    key: str
    title: str
    summary: str
    svg: Markup
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _count(n: int) -> Decimal:
    return Decimal(n)


def distribution_chart(s: Summary) -> Chart:
    """Return the distribution of recomputed totals over the score bands."""
    peak = max(s.distribution, key=lambda item: item[1])
    summary = (f"{s.year} 年度 {s.projects} 个项目中，复核总分落在“{peak[0]}”的最多，共 {peak[1]} 个。"
               if s.projects else f"{s.year} 年度没有项目。")
    bars = [Bar(label, ((_count(n), f"{n} 个"),)) for label, n in s.distribution]
    return Chart("scores", "复核总分分布", summary,
                 bar_chart(f"chart-scores-{s.year}", "复核总分分布", bars, ("项目数",)),
                 ("分数段", "项目（个）"), tuple((label, str(n)) for label, n in s.distribution))


def grades_chart(s: Summary) -> Chart:
    """Return the grades as printed beside the grades as recomputed."""
    best = GRADES[0]
    computed = dict((g, c) for g, c, _ in s.grades)
    printed = dict((g, p) for g, _, p in s.grades)
    summary = (f"原表填写“{best}”的 {printed[best]} 个，本站复核为“{best}”的 {computed[best]} 个"
               f"（共 {s.projects} 个项目，有的原表未填等级）。")
    bars = [Bar(g, ((_count(printed[g]), f"{printed[g]}"), (_count(computed[g]), f"{computed[g]}")))
            for g in GRADES]
    return Chart("grades", "等级：原表与复核", summary,
                 bar_chart(f"chart-grades-{s.year}", "等级：原表与复核", bars, ("原表填写", "本站复核")),
                 ("等级", "原表填写（个）", "本站复核（个）"),
                 tuple((g, str(printed[g]), str(computed[g])) for g in GRADES))


def _diff_bin(entry: Entry) -> str | None:
    reported = entry.record.total.score
    if reported is None:
        return None
    diff = entry.score.total - reported
    for label, low, high in DIFF_BINS:
        if low == high == diff or (low != high and (low is None or diff > low)
                                   and (high is None or diff <= high) and diff != 0):
            return label
    return None


def difference_chart(year: int, entries: Sequence[Entry]) -> Chart:
    """Return how far recomputed totals lie from the printed ones."""
    bins = [_diff_bin(e) for e in entries]
    counts = [(label, sum(1 for b in bins if b == label)) for label, _, _ in DIFF_BINS]
    blank = sum(1 for e in entries if e.record.total.score is None)
    same = counts[2][1]
    summary = (f"{year} 年度 {len(entries)} 个项目中，{same} 个的复核总分与原表一致，"
               f"{len(entries) - same - blank} 个不同" + (f"，{blank} 个原表未填总分。" if blank else "。"))
    bars = [Bar(label, ((_count(n), f"{n} 个"),)) for label, n in counts]
    return Chart("differences", "复核总分减原表总分", summary,
                 bar_chart(f"chart-differences-{year}", "复核总分减原表总分", bars, ("项目数",)),
                 ("复核 − 原表", "项目（个）"), tuple((label, str(n)) for label, n in counts))


def year_charts(s: Summary, entries: Sequence[Entry]) -> tuple[Chart, ...]:
    """Return the charts of one year."""
    return (distribution_chart(s), grades_chart(s), difference_chart(s.year, entries))


def department_charts(rows: Sequence[DepartmentYear], year_rows: dict[int, DepartmentYear],
                      chart_id: str) -> tuple[Chart, ...]:
    """Return a department's execution rate and median score, each year beside the whole year."""
    def pct(rate: Decimal | None) -> tuple[Decimal | None, str]:
        return (None if rate is None else rate * 100, display.percent(rate))

    def cent(value: Decimal) -> tuple[Decimal | None, str]:
        return (value, display.cent(value))

    rate_bars = [Bar(f"{r.year} 年度", (pct(r.rate), pct(year_rows[r.year].rate))) for r in rows]
    score_bars = [Bar(f"{r.year} 年度", (cent(r.median), cent(year_rows[r.year].median)))
                  for r in rows]
    latest, whole = rows[0], year_rows[rows[0].year]
    above = "高于" if latest.median > whole.median else "低于" if latest.median < whole.median else "等于"
    return (
        Chart("rate", "预算执行率：本部门与全部项目",
              f"{latest.year} 年度本部门预算执行率 {display.percent(latest.rate)}，全部项目为 {display.percent(whole.rate)}。",
              bar_chart(f"{chart_id}-rate", "预算执行率", rate_bars, ("本部门", "全部项目")),
              ("年度", "本部门执行率", "全部项目执行率"),
              tuple((str(r.year), display.percent(r.rate), display.percent(year_rows[r.year].rate))
                    for r in rows)),
        Chart("median", "复核总分中位数：本部门与全部项目",
              f"{latest.year} 年度本部门复核总分中位数 {display.cent(latest.median)}，{above}全部项目的 {display.cent(whole.median)}。",
              bar_chart(f"{chart_id}-median", "复核总分中位数", score_bars, ("本部门", "全部项目")),
              ("年度", "本部门中位数", "全部项目中位数"),
              tuple((str(r.year), display.cent(r.median), display.cent(year_rows[r.year].median))
                    for r in rows)),
    )


PROJECT_BARS = 60
"""A department-year with more projects gets no per-project chart (its table lists them all)."""


def projects_chart(year: int, entries: Sequence[Entry], year_median: Decimal,
                   chart_id: str) -> Chart | None:
    """Return each project's recomputed total in one year with the year's median as a line."""
    if not entries or len(entries) > PROJECT_BARS:
        return None
    ordered = sorted(entries, key=lambda e: (-e.score.total, e.record.title, e.record.id))
    above = sum(1 for e in entries if e.score.total > year_median)
    below = sum(1 for e in entries if e.score.total < year_median)
    bars = [Bar(e.record.title, ((e.score.total, display.cent(e.score.total)),)) for e in ordered]
    return Chart("projects", f"{year} 年度各项目复核总分与当年中位数",
                 f"{year} 年度本部门 {len(entries)} 个项目中，{above} 个高于当年全部项目的中位数 "
                 f"{display.cent(year_median)}，{below} 个低于它。",
                 bar_chart(f"{chart_id}-projects", f"{year} 年度各项目复核总分", bars, ("复核总分",),
                           (year_median, f"当年中位数 {display.cent(year_median)}")),
                 ("项目", "复核总分", "当年中位数"),
                 tuple((e.record.title, display.cent(e.score.total), display.cent(year_median))
                       for e in ordered))


def whole_year(year: int, entries: Sequence[Entry]) -> DepartmentYear:
    """Return the whole year's figures in the shape of a department-year."""
    return department_year("全部项目", "", year, entries)


def series_charts(entries: Sequence[Entry], chart_id: str) -> tuple[Chart, ...]:
    """Return a recurring project's budget, execution rate and score across its years."""
    def budget(e: Entry) -> Decimal | None:
        value = e.record.funds.total.budget
        return None if value is None else display.to_wan(value, e.record.amount_unit)

    rows = tuple((str(e.record.year), display.amount(budget(e)), display.percent(e.score.funds_rate),
                  display.cent(e.score.total)) for e in entries)
    first, last = entries[0], entries[-1]
    summary = (f"{first.record.year} 至 {last.record.year} 年度，复核总分从 {display.cent(first.score.total)} "
               f"变为 {display.cent(last.score.total)}，预算执行率从 {display.percent(first.score.funds_rate)} "
               f"变为 {display.percent(last.score.funds_rate)}。")
    budget_bars = [Bar(f"{e.record.year} 年度 预算", ((budget(e), display.amount(budget(e)) + " 万元"),))
                   for e in entries]
    rate_bars = [Bar(f"{e.record.year} 年度 执行率", ((None if e.score.funds_rate is None else e.score.funds_rate * 100,
                                                  display.percent(e.score.funds_rate)),))
                 for e in entries]
    score_bars = [Bar(f"{e.record.year} 年度 总分", ((e.score.total, display.cent(e.score.total)),))
                  for e in entries]
    svg = Markup("").join((bar_chart(f"{chart_id}-budget", "全年预算数（万元）", budget_bars, ("预算",)),
                           bar_chart(f"{chart_id}-rate", "预算执行率", rate_bars, ("执行率",)),
                           bar_chart(f"{chart_id}-score", "复核总分", score_bars, ("总分",))))
    return (Chart("series", "历年预算、执行率和复核总分", summary, svg,
                  ("年度", "全年预算数（万元）", "执行率（复核）", "总分（复核）"), rows),)
