"""Each fact has one source, so validation, scoring and the site cannot disagree about it.

The printed rate (`model.decimals.printed_rate`), the execution rate
(`scoring.execution.execution_rate`), the grade (`scoring.grade_for`) and the diagnostic line
(`Diagnostic.as_line`).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from generator.model.decimals import printed_rate
from generator.model.diagnostics import Diagnostic, Severity
from generator.read.load import load_file
from generator.read.siteconfig import SiteConfig
from generator.rules.check import check
from generator.scoring import grade_for
from generator.scoring.execution import execution_rate
from generator.scoring.profile import load_profile
from generator.site import views
from generator.site.sitedata import Entry
from tests.conftest import CONTENT

NETWORK_OPS = CONTENT / "records" / "2021" / "2021-cj-coal-network-ops.yaml"


def entry_with_rate(text: str) -> tuple[Entry, list[str]]:
    """Return the seed's first record with its rate printed as `text`, and its F102/C codes."""
    loaded = load_file(NETWORK_OPS)
    assert loaded.record is not None
    record = replace(loaded.record, funds=replace(
        loaded.record.funds, reported=replace(loaded.record.funds.reported, rate=text)))
    checked = check([replace(loaded, record=record)], SiteConfig())
    scored = checked.scores[record.path]
    codes = [d.code for d in checked.diagnostics if d.pointer == "funds.reported.rate"]
    return Entry(record, scored.profile, scored.score, (), "x"), codes


@pytest.mark.parametrize(("text", "same", "codes"), [
    ("90.39%", "✓ 一致", []), ("90%", "✓ 一致", []), ("90.4%", "✓ 一致", []),
    ("90.388%", "✓ 一致", []), ("90.40%", "✗ 不同", ["F102"]), ("91%", "✗ 不同", ["F102"])])
def test_the_page_and_validate_judge_a_printed_rate_alike(text: str, same: str,
                                                          codes: list[str]) -> None:
    # 76.83 ÷ 85 = 0.903882…: right at whatever precision it is printed with
    entry, found = entry_with_rate(text)
    row = views.review_rows(entry)[0]
    assert (row.label, row.reported, row.status) == ("预算执行率", text, same)
    assert found == codes


def test_printed_rate_reads_the_number_and_its_places() -> None:
    found = printed_rate(" 90.40％ ")
    assert found is not None
    assert (found.percent, found.places, found.fraction) == (Decimal("90.40"), 2, Decimal("0.904"))
    assert found.at_printed(Decimal("0.903882")) == Decimal("90.39")
    assert [printed_rate(t) for t in ("", None, "90", "约90%", "9e1%")] == [None] * 5


def test_execution_rate_refuses_a_budget_of_zero_or_below() -> None:
    record = load_file(NETWORK_OPS).record
    assert record is not None
    funds = record.funds
    for budget in ("0", "-1"):
        # Every row at that budget: with a 0 total row above source rows that hold the money,
        # the rate is taken from the sources' sum instead (issue 12, test_fidelity.py).
        rows = {key: replace(funds.row(key), budget=Decimal(budget))
                for key in ("total", "fiscal", "carryover", "other")}
        rate, why = execution_rate(replace(funds, **rows))
        assert rate is None and "无法计算执行率" in why


@pytest.mark.parametrize(("total", "grade"), [
    ("89.995", "优"), ("89.994", "良"), ("90", "优"), ("79.995", "良"), ("59.99", "差")])
def test_grade_is_read_from_the_total_as_rounded(total: str, grade: str) -> None:
    assert grade_for(Decimal(total), load_profile("national")) == grade


def test_the_diagnostic_line() -> None:
    d = Diagnostic("F102", Severity.WARNING, "content/a.yaml", 3, 5, "执行率不符。", hint="请核对。")
    assert d.as_line() == "content/a.yaml:3:5: warning F102 执行率不符。 提示：请核对。"
    assert replace(d, hint="").as_line() == "content/a.yaml:3:5: warning F102 执行率不符。"
