"""Scoring profiles are data: every shipped profile loads and cites a source for each group."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources

import pytest
from ruamel.yaml import YAML

from generator.scoring.profile import BAND_KEYS, REVERSE_METHODS, available, load_profile

CONSTANT_GROUPS = ("weights", "reverse_formula", "over_achievement", "qualitative_bands",
                   "qualitative_evidence", "grades")


def raw(name: str) -> dict[str, object]:
    text = resources.files("generator.scoring").joinpath("profiles", f"{name}.yaml").read_text("utf-8")
    data: dict[str, object] = YAML(typ="safe").load(text)
    return data


def test_shipped_profiles() -> None:
    assert available() == ["linear-reverse", "national", "sichuan"]


@pytest.mark.parametrize("name", ["linear-reverse", "national", "sichuan"])
def test_every_group_of_constants_cites_its_source(name: str) -> None:
    profile = load_profile(name)
    assert profile.name == name
    assert [group for group, _ in profile.sources if group != "funds"] == list(CONSTANT_GROUPS)
    assert all(source.strip() for _, source in profile.sources)
    assert profile.reverse_method in REVERSE_METHODS
    assert [key for key, _ in profile.bands] == list(BAND_KEYS)
    assert [grade for grade, _ in profile.grades] == ["优", "良", "中", "差"]
    assert profile.funds_weight + profile.indicators_weight == profile.total_weight
    if profile.level1_weights:
        assert sum(w for _, w in profile.level1_weights) == profile.indicators_weight


def test_national_constants() -> None:
    profile = load_profile("national")
    assert profile.reverse_method == "ratio"
    assert profile.over_threshold == Decimal("1.30")
    bands = dict(profile.bands)
    assert (bands["achieved"].low, bands["partial"].low, bands["failed"].low) == (
        Decimal("0.80"), Decimal("0.60"), Decimal("0.00"))
    assert dict(profile.grades) == {"优": 90, "良": 80, "中": 60, "差": 0}


def test_linear_reverse_differs_from_national_only_in_the_reverse_formula() -> None:
    national, linear = raw("national"), raw("linear-reverse")
    differing = sorted(k for k in national if national[k] != linear[k])
    assert differing == ["description", "name", "reverse_formula", "title"]
    assert load_profile("linear-reverse").reverse_method == "linear"


def test_profiles_are_hashable_values() -> None:
    assert hash(load_profile("national")) == hash(load_profile("national"))
