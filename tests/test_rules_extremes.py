"""Rules never raise on extreme but well-formed figures: they report, with the values involved."""

from __future__ import annotations

import pytest

from generator.read.load import load_bytes
from generator.read.siteconfig import SiteConfig
from generator.rules.check import check
from tests.conftest import ROOT

BASE = (ROOT / "tests" / "cases" / "T101" / "pass" / "declared-sum.yaml").read_text(encoding="utf-8")
SHOWN = "tests/cases/T101/pass/declared-sum.yaml"
BIG = "9" * 90
TOTAL_ROW = "total: {initial: 85.00, budget: 85.00, executed: 76.83}"

EXTREMES = [
    ("huge-executed", TOTAL_ROW, "total: {initial: 85.00, budget: 85.00, executed: " + BIG + "}",
     ["F101", "F104", "F102", "F103", "C104"]),
    ("tiny-budget", TOTAL_ROW, "total: {initial: 85.00, budget: 0." + "0" * 60 + "1, executed: 76.83}",
     ["F101", "F104", "F102", "F103", "C104"]),
    ("huge-score", "score: 30\n", "score: " + BIG + "\n", ["W103", "T101"]),
    ("huge-actual", "actual: 12次", "actual: " + BIG + "次", ["I107"]),
    ("tiny-target", 'target: ">=12次"', 'target: ">=0.' + "0" * 80 + '1次"', ["I107"]),
    ("long-decimals", "score: 30\n", "score: 30." + "1" * 80 + "\n", ["W103", "T101"]),
]


@pytest.mark.parametrize(("name", "old", "new", "expected"), EXTREMES, ids=[e[0] for e in EXTREMES])
def test_extreme_figures_are_reported_not_raised(name: str, old: str, new: str,
                                                 expected: list[str]) -> None:
    assert old in BASE
    loaded = load_bytes(BASE.replace(old, new, 1).encode(), SHOWN)
    result = check([loaded], SiteConfig())
    assert sorted(d.code for d in result.diagnostics) == sorted(expected)
