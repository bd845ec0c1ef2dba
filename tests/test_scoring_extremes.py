"""Scoring never raises on extreme but well-formed figures (90-digit or 80-place numbers)."""

from __future__ import annotations

import re

import pytest

from generator.read.load import load_bytes
from generator.report.scoretable import record_table
from generator.scoring import score_record
from generator.scoring.profile import load_profile
from tests.conftest import ROOT

BASE = (ROOT / "tests" / "cases" / "T101" / "pass" / "declared-sum.yaml").read_text(encoding="utf-8")
BIG, TINY = "9" * 90, "0." + "0" * 80 + "1"
# every number printed in the case: amounts, weights, scores, targets and actuals
NUMBER = re.compile(r"(?<=[ :=<>{\"])(\d+(?:\.\d+)?)(?=[,}\s次万%\"])")
SPOTS = [m.start() for m in NUMBER.finditer(BASE) if "schema_version" not in
         BASE[BASE.rfind("\n", 0, m.start()):m.start()] and "sha256" not in
         BASE[BASE.rfind("\n", 0, m.start()):m.start()] and "year" not in
         BASE[BASE.rfind("\n", 0, m.start()):m.start()]]


def variant(spot: int, figure: str) -> str:
    match = NUMBER.match(BASE, spot)
    assert match is not None
    return BASE[:spot] + figure + BASE[match.end():]


def test_there_are_many_spots() -> None:
    assert len(SPOTS) >= 30


@pytest.mark.parametrize("figure", [BIG, TINY, "0"], ids=["big", "tiny", "zero"])
@pytest.mark.parametrize("profile", ["national", "linear-reverse"])
def test_every_figure_extreme(figure: str, profile: str) -> None:
    scored_any = 0
    for spot in SPOTS:
        record = load_bytes(variant(spot, figure).encode(), "tests/cases/x.yaml").record
        if record is None:  # e.g. the schema refuses the figure there
            continue
        scored = score_record(record, load_profile(profile))
        assert scored.to_json()["id"] == record.id
        assert record_table(scored).startswith(record.id)
        scored_any += 1
    assert scored_any >= 25  # weights above 100 (and below 0) are refused by the schema
