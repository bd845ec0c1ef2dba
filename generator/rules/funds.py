"""Funds rules (项目资金): the total row, the execution rate and its score, as printed."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from generator.model.decimals import format_percent, format_plain, multiply, places_of, printed_rate
from generator.model.diagnostics import Severity
from generator.model.record import FUNDS_COLUMNS, FUNDS_ROWS, Record
from generator.rules.base import Context, Hit, Rule
from generator.rules.precision import at_places
from generator.scoring.execution import execution_rate, rate_basis

_SOURCES = FUNDS_ROWS[1:]
_LABELS = dict(FUNDS_COLUMNS)


def total_row_sum(rec: Record, ctx: Context) -> Iterator[Hit]:
    """Each column of 年度资金总额 equals the sum of the source rows in that column.

    The sources are the three national rows and, in schema 2, the rows of `funds.more`
    (Sichuan's 财政专户管理资金 and 单位资金).

    A total printed with fewer places than its parts is compared at its own precision.

    Passes: total `{initial: 85.00, budget: 85.00, executed: 76.83}` over fiscal
    `{initial: 85, budget: 85, executed: 76.83}` and zero carry-over and other funds.
    Fails: total `{initial: 0, budget: 0, executed: 0}` over fiscal
    `{initial: 90, budget: 89.974, executed: 89.974}` (three findings, one per column).
    """
    for column, label in FUNDS_COLUMNS:
        total = getattr(rec.funds.total, column)
        parts = [(name, getattr(rec.funds.row(key), column)) for key, name in _SOURCES]
        parts += [(row.label, getattr(row, column)) for row in rec.funds.more]  # schema 2
        if total is None and all(not value for _, value in parts):
            continue  # a blank total over blank or zero parts hides no amount
        found = sum((value for _, value in parts if value is not None), Decimal(0))
        if total is not None and _equal_at_printed(total, found, parts):
            continue
        listed = "、".join(f"{name.removeprefix('其中：')} {_show(value)}" for name, value in parts)
        shown = _show(total)
        yield Hit(f"funds.total.{column}",
                  f"年度资金总额的{label}{_is(total)}，而{listed} 之和为 {format_plain(found)}。",
                  "请核对原表：合计行应等于各资金来源之和。",
                  expected=format_plain(found), actual=shown)


def _equal_at_printed(total: Decimal, found: Decimal, parts: list[tuple[str, Decimal | None]]) -> bool:
    places = places_of(total)
    finer = max((places_of(v) for _, v in parts if v is not None), default=0)
    return total == (at_places(found, places) if finer > places else found)


def _show(value: Decimal | None) -> str:
    return "空白" if value is None else format_plain(value)


def _is(value: Decimal | None) -> str:
    return "为空白" if value is None else f"为 {format_plain(value)}"


def rate_matches(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The printed 执行率 equals 全年执行数 ÷ 全年预算数 at the precision it is printed with.

    The rate is recomputed from the total row, rounded half up to the printed places, and
    compared; the 年初预算数 is not the base (it is the unadjusted budget).

    Passes: `76.83 ÷ 85.00` printed as `rate: "90.39%"` (0.903882… → 90.39%).
    Fails: `76.83 ÷ 85.00` printed as `rate: "90.40%"`, or as `rate: "86%"`.
    """
    rate, _ = execution_rate(rec.funds)
    printed = printed_rate(rec.funds.reported.rate)
    if rate is None or printed is None:
        return
    number, places = printed.percent, printed.places
    expected = printed.at_printed(rate)
    if expected != number:
        basis, _ = rate_basis(rec.funds)
        text = f"{format_plain(expected)}%"
        where = f"（{basis.describe()}）" if basis is not None and basis.describe() else ""
        executed = _show(basis.executed if basis else None)
        label, budget = (basis.budget_label, _show(basis.budget)) if basis else ("全年预算数", "空白")
        yield Hit("funds.reported.rate",
                  f"执行率印为 {rec.funds.reported.rate}，而全年执行数 {executed} ÷ "
                  f"{label} {budget}{where}按印出的 {places} 位小数计算为 {text}。",
                  "执行率 = 全年执行数 ÷ 全年预算数（不是年初预算数）。",
                  expected=text, actual=rec.funds.reported.rate,
                  extra=(("difference", f"{format_plain(expected - number)}%"),))


def score_matches(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The printed funds 得分 equals 分值 × 执行率, capped at 分值, to two places.

    The rate comes from the amounts (全年执行数 ÷ 全年预算数) when they allow it, else from the
    printed rate. A score printed with fewer than two places is still compared at two.

    Passes: 分值 10, rate 0.903882… and `score: 9.04`; 分值 10, executed above budget, `score: 10`.
    Fails: 分值 10, rate 86% and `score: 9` (10 × 86% = 8.60).
    """
    funds = rec.funds
    rate, basis = _score_rate(rec)
    if funds.reported.score is None or rate is None:
        return
    raw = multiply(funds.weight, rate)
    capped = raw > funds.weight
    expected = at_places(funds.weight if capped else raw, max(2, places_of(funds.reported.score)))
    if expected != funds.reported.score:
        cap = "，以分值为上限" if capped else ""
        yield Hit("funds.reported.score",
                  f"预算执行得分印为 {format_plain(funds.reported.score)}，而分值 "
                  f"{format_plain(funds.weight)} × 执行率 {format_percent(rate)}（{basis}）"
                  f"应为 {format_plain(expected)}{cap}。",
                  "得分 = 分值 × 执行率，不超过分值，四舍五入保留两位小数。",
                  expected=format_plain(expected), actual=format_plain(funds.reported.score),
                  extra=(("difference", format_plain(expected - funds.reported.score)),))


def _score_rate(rec: Record) -> tuple[Decimal | None, str]:
    rate, _ = execution_rate(rec.funds)
    if rate is not None:
        basis, _ = rate_basis(rec.funds)
        where = basis.describe() if basis is not None else ""
        return rate, f"按金额计算，{where}" if where else "按金额计算"
    printed = printed_rate(rec.funds.reported.rate)
    if printed is None:
        return None, ""
    return printed.fraction, "按印出的执行率"


def executed_within_budget(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The 全年执行数 of the total row does not exceed its 全年预算数.

    Spending above the adjusted budget is shown as published and flagged; the score stays capped.

    Passes: `total: {initial: 85, budget: 85, executed: 76.83}`.
    Fails: `total: {initial: 85, budget: 85, executed: 90}` (5 above the budget).
    """
    row = rec.funds.total
    if not row.budget or row.executed is None or row.executed <= row.budget:
        return  # a zero or blank budget is F105's finding
    yield Hit("funds.total.executed",
              f"全年执行数 {format_plain(row.executed)} 超过全年预算数 {format_plain(row.budget)}"
              f"（超出 {format_plain(row.executed - row.budget)}）。",
              "超预算执行须有调整预算的依据；请核对原表。",
              expected=f"≤{format_plain(row.budget)}", actual=format_plain(row.executed))


def budget_present(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The 全年预算数 of the total row is a number other than zero, so the rate can be computed.

    Without it the execution rate and its score cannot be recomputed from the total row: when
    the source rows hold the amounts the recomputation uses their sums and says so; otherwise
    the site says it cannot, rather than inventing a figure. A layout that prints no 全年预算数
    at all (every row blank in that column) is not reported: the recomputation names the budget
    it divided by instead.

    Passes: `total: {initial: 85, budget: 85, executed: 76.83}`.
    Fails: `total: {initial: 85, budget: 0, executed: 76.83}` or `budget: null`.
    """
    budget = rec.funds.total.budget
    if budget is not None and budget != 0:
        return
    shown = "空白" if budget is None else format_plain(budget)
    basis, _ = rate_basis(rec.funds)
    if basis is not None and basis.budget_label != "全年预算数":
        return  # the layout prints no 全年预算数: the recomputation says which budget it used
    if basis is not None:
        yield Hit("funds.total.budget", f"年度资金总额的全年预算数{_is(budget)}；"
                  f"本站{basis.short()}复核执行率和预算执行得分（{basis.describe()}）。",
                  "原表如此则保留原样，复核结果已注明计算依据；如系录入遗漏，请按原表补录。",
                  expected="大于 0 的金额", actual=shown)
        return
    yield Hit("funds.total.budget", f"年度资金总额的全年预算数{_is(budget)}，无法计算执行率和预算执行得分。",
              "原表确为空白或 0 时保留原样，本站只展示原表数字；如系录入遗漏，请按原表补录。",
              expected="大于 0 的金额", actual=shown)


def rate_readable(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The printed 执行率 is a percentage such as `"90.39%"`.

    Passes: `rate: "90.39%"`, `rate: "100.00%"`, `rate: null` (blank, see F107).
    Fails: `rate: "九成"`, `rate: "0.9039"` (no percent sign), `rate: "—"`.
    """
    text = rec.funds.reported.rate
    if text is None or not text.strip() or printed_rate(text) is not None:
        return
    yield Hit("funds.reported.rate", f"执行率“{text}”不是百分数，无法与金额核对。",
              "请按原表录入，例如 \"90.39%\"。", expected="百分数，如 90.39%", actual=text)


def reported_present(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The total row prints its 执行率 and 得分.

    Passes: `reported: {rate: "90.39%", score: 9.04}`.
    Fails: `reported: {rate: "90.39%", score: null}` or `reported: {rate: "", score: 9.04}`.
    """
    reported = rec.funds.reported
    if reported.rate is None or not reported.rate.strip():
        yield Hit("funds.reported.rate", "项目资金的执行率为空白。",
                  "原表如此则保留 null，本站照原样公开并按金额复核；如系录入遗漏，请按原表补录。",
                  actual="空白")
    if reported.score is None:
        yield Hit("funds.reported.score", "项目资金的得分为空白。",
                  "原表如此则保留 null，本站照原样公开并按金额复核；如系录入遗漏，请按原表补录。",
                  actual="空白")


RULES = (
    Rule("F101", Severity.WARNING, "资金合计行等于各来源之和", total_row_sum),
    Rule("F102", Severity.WARNING, "执行率与金额相符", rate_matches),
    Rule("F103", Severity.WARNING, "预算执行得分等于分值×执行率", score_matches),
    Rule("F104", Severity.WARNING, "执行数不超过预算数", executed_within_budget),
    Rule("F105", Severity.WARNING, "全年预算数不为零或空白", budget_present),
    Rule("F106", Severity.WARNING, "执行率是百分数", rate_readable),
    Rule("F107", Severity.WARNING, "执行率和得分已填写", reported_present),
)
