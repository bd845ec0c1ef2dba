"""Small read-only views the templates call (as `v.…`): the logic stays here, out of templates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from generator.model.decimals import printed_rate
from generator.model.diagnostics import Diagnostic, Severity
from generator.model.record import (
    FUNDS_COLUMNS,
    FUNDS_ROWS,
    FundsRow,
    Indicator,
    MoreFundsRow,
    Record,
)
from generator.read.siteconfig import SiteConfig
from generator.site import datafiles, display, signals
from generator.site.htmlsafe import safe_href
from generator.site.methoddoc import MethodModel, method_model
from generator.site.places import place
from generator.site.sitedata import Entry, SiteModel, Summary, department_label, summarize

__all__ = ["place", "summarize"]

SIGNAL_LIST_LIMIT = 100
"""Records a signals page lists per group, so the page stays small in a large year."""

SEVERITY_MARK = {Severity.ERROR: "✖ 错误", Severity.WARNING: "⚠ 警告", Severity.INFO: "ℹ 提示"}
"""Severity as icon and word, so status never depends on colour alone."""


@dataclass(frozen=True)
class ReviewRow:
    """One line of 本站复核: a figure as published beside its recomputation."""

    label: str
    reported: str
    computed: str
    status: str
    """"✓ 一致", "✗ 不同" or "– 未复核", always with a word."""
    note: str


def latest_summary(model: SiteModel) -> Summary | None:
    """Return the newest year's summary, or None when there are no records."""
    if not model.years:
        return None
    year = model.years[0]
    return summarize(year, model.of_year(year))


def method(model: SiteModel) -> MethodModel:
    """Return the method page's content, marking the profiles this site uses."""
    used = {e.profile.name for e in model.entries} | {model.config.profile}
    return method_model(used)


def bar_width(count: int, total: int) -> int:
    """Return a bar's width in whole percent of the largest possible count."""
    return count * 100 // total if total else 0


def department_name(record: Record) -> str:
    """Return the record's 主管部门 for links and lists; a blank one says it was blank."""
    return department_label(record.department)


def year_url(year: int) -> str:
    """Return the URL path of a year page."""
    return f"years/{year}/"


def funds_rows(record: Record) -> tuple[tuple[str, FundsRow | MoreFundsRow, bool], ...]:
    """Return the 项目资金 rows in printed order: (label as printed, row, is the total row).

    Schema 2: rows of `funds.more` come before 其他资金; a row the table does not print is left out.
    """
    funds = record.funds
    rows: list[tuple[str, FundsRow | MoreFundsRow, bool]] = []
    for key, default in FUNDS_ROWS:
        if key == "other":
            rows.extend((row.label, row, False) for row in funds.more)
        label = funds.label(key, default)
        if label is not None:
            rows.append((label, funds.row(key), key == "total"))
    return tuple(rows)


def funds_columns(record: Record) -> tuple[str, ...]:
    """Return the 项目资金 amount column headers as printed (schema 2 labels)."""
    return tuple(record.funds.label(key, default) or f"{default}（原表无此列）"
                 for key, default in FUNDS_COLUMNS)


def level1_spans(record: Record) -> tuple[tuple[Indicator, int], ...]:
    """Pair each indicator with the rowspan of its 一级指标 cell (0 inside a merged run)."""
    items = record.indicators
    spans: list[tuple[Indicator, int]] = []
    for i, ind in enumerate(items):
        if i and items[i - 1].level1 == ind.level1:
            spans.append((ind, 0))
            continue
        run = 1
        while i + run < len(items) and items[i + run].level1 == ind.level1:
            run += 1
        spans.append((ind, run))
    return tuple(spans)


def findings_label(findings: Sequence[Diagnostic]) -> str:
    """Return "无" or "3 项（警告 2，提示 1）"."""
    if not findings:
        return "无"
    parts = [f"{s.label} {n}" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
             if (n := sum(1 for d in findings if d.severity is s))]
    return f"{len(findings)} 项（{'，'.join(parts)}）"


def severity_mark(diagnostic: Diagnostic) -> str:
    """Return the icon and word of a diagnostic's severity."""
    return SEVERITY_MARK[diagnostic.severity]


def rate_sort(entry: Entry) -> str:
    """Return the sort key of the printed rate (the recomputed one when it is not readable)."""
    printed = printed_rate(entry.record.funds.reported.rate)
    return display.sort_key(printed.fraction if printed is not None else entry.score.funds_rate)


def in_wan(record: Record, value: Decimal | None) -> str:
    """Return an amount of the record in 万元 (exact), or "" when blank."""
    return "" if value is None else display.printed(display.to_wan(value, record.amount_unit))


def wan_amount(record: Record, value: Decimal | None) -> str:
    """Return an amount of the record in 万元 with separators and two places ("" when blank)."""
    return "" if value is None else display.amount(display.to_wan(value, record.amount_unit))


def total_difference(entry: Entry) -> Decimal | None:
    """Return the recomputed total minus the printed one (None when 总分 was left blank)."""
    reported = entry.record.total.score
    return None if reported is None else entry.score.total - reported


@dataclass(frozen=True)
class TableRow:
    """One project in a year's or a department's table: each column's text and sort key.

    The page's rows (`project_row` in `_macros.md.j2`) and a large year's `rows.json`
    (`yearrows.row`, which tables.js turns into the same rows) both take their cells from here.
    """

    department: str
    """主管部门 as lists show it (`department_name`)."""
    budget_sort: str
    budget: str
    executed_sort: str
    executed: str
    rate_sort: str
    rate: str
    """执行率 as printed."""
    reported_sort: str
    reported: str
    score_sort: str
    score: str
    difference_sort: str
    difference: str
    grade: str
    """The recomputed grade, with the printed one when it differs (`grade_text`)."""
    findings: int
    findings_label: str


def table_row(entry: Entry) -> TableRow:
    """Return the entry's cells in a project table, computed once for the whole row."""
    rec, total = entry.record, entry.record.funds.total
    difference = total_difference(entry)
    return TableRow(
        department_name(rec), in_wan(rec, total.budget), wan_amount(rec, total.budget),
        in_wan(rec, total.executed), wan_amount(rec, total.executed),
        rate_sort(entry), rec.funds.reported.rate or "",
        display.sort_key(rec.total.score), display.printed(rec.total.score),
        display.sort_key(entry.score.total), display.cent(entry.score.total),
        display.sort_key(difference), display.signed(difference),
        grade_text(entry), len(entry.findings), findings_label(entry.findings))


def year_departments(entries: Sequence[Entry]) -> tuple[str, ...]:
    """Return the departments of a year's entries, sorted."""
    return tuple(sorted({e.record.department for e in entries}))


def year_department_links(entries: Sequence[Entry]) -> tuple[tuple[str, str, int], ...]:
    """Return (department, its page, projects this year) for a year's entries, by name."""
    counts: dict[tuple[str, str], int] = {}
    for e in entries:
        key = (e.record.department, e.department_url)
        counts[key] = counts.get(key, 0) + 1
    return tuple((name, url, n) for (name, url), n in sorted(counts.items()))


def grade_text(entry: Entry) -> str:
    """Return the recomputed grade, with the printed one when it differs."""
    printed = entry.record.total.grade
    if printed and printed != entry.score.grade:
        return f"{entry.score.grade}（原表：{printed}）"
    grade: str = entry.score.grade
    return grade


def _status(same: bool | None) -> str:
    return {True: "✓ 一致", False: "✗ 不同", None: "– 未复核"}[same]


def _same(reported: Decimal | None, computed: Decimal | None) -> bool | None:
    return None if reported is None or computed is None else reported == computed


def review_rows(entry: Entry) -> tuple[ReviewRow, ...]:
    """Return 本站复核 line by line: rate, funds score, each indicator, total and grade."""
    rec, rs = entry.record, entry.score
    printed = printed_rate(rec.funds.reported.rate)
    rate_same = (None if printed is None or rs.funds_rate is None
                 else printed.at_printed(rs.funds_rate) == printed.percent)
    rows = [
        ReviewRow("预算执行率", rec.funds.reported.rate or "", display.percent(rs.funds_rate),
                  _status(rate_same), rs.funds_note),
        ReviewRow(f"预算执行得分（分值 {display.printed(rec.funds.weight)}）",
                  display.printed(rec.funds.reported.score), display.cent(rs.funds_score),
                  _status(_same(rec.funds.reported.score, rs.funds_score)), ""),
    ]
    for ind in rs.indicators:
        computed = display.cent(ind.computed) if ind.recomputed else "沿用原表"
        same = _same(ind.reported, ind.computed) if ind.recomputed else None
        note = "；".join(part for part in (ind.method, ind.note) if part)
        weight = display.printed(ind.weight) or "空白"
        rows.append(ReviewRow(f"{ind.name}（分值 {weight}）",
                              display.printed(ind.reported), computed, _status(same), note))
    rows.append(ReviewRow("总分", display.printed(rs.reported_total), display.cent(rs.total),
                          _status(_same(rs.reported_total, rs.total)), "预算执行得分与各指标得分之和。"))
    grade_same = None if rs.reported_grade is None else rs.reported_grade == rs.grade
    rows.append(ReviewRow("评价等级", rs.reported_grade or "（原表未填）", rs.grade,
                          _status(grade_same), grade_bands(entry)))
    return tuple(rows)


def grade_bands(entry: Entry) -> str:
    """Return the grade bands of the entry's profile in words: "优 90（含）以上，…"."""
    grades = entry.profile.grades
    parts = []
    for i, (grade, low) in enumerate(grades):
        if i == 0:
            parts.append(f"{grade} {display.printed(low)}（含）以上")
        elif i == len(grades) - 1:
            parts.append(f"{grade} {display.printed(grades[i - 1][1])} 以下")
        else:
            parts.append(f"{grade} {display.printed(low)}（含）至 {display.printed(grades[i - 1][1])}")
    return "，".join(parts) + "。"


def source_links(config: SiteConfig, record: Record) -> tuple[str | None, str | None]:
    """Return the links to the record's YAML source and to propose a correction, if any."""
    repository = safe_href(config.repository_url)
    if repository is None:
        return None, None
    base = repository.rstrip("/")
    return f"{base}/blob/main/{record.path}", f"{base}/edit/main/{record.path}"


def contact_parts(config: SiteConfig) -> tuple[tuple[str, str, str | None], ...]:
    """Return the publisher's contact as (label, text, mailto link or None), the parts given."""
    c = config.contact
    parts = (("地址", c.address, None), ("电话", c.phone, None),
             ("电子邮件", c.email, f"mailto:{c.email}" if c.email else None))
    return tuple(p for p in parts if p[1])


def signal_texts() -> tuple[tuple[str, str, str], ...]:
    """Return (key, title, explanation) of every signal, for the method page."""
    return signals.SIGNAL_TEXTS


def data_files(model: SiteModel) -> tuple[datafiles.FileGroup, ...]:
    """Return the downloadable data files, per year and in total."""
    return datafiles.groups(model)
