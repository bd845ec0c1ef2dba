"""Funds, totals, grades and differences of whole records; hypothesis properties."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model.decimals import quantize_half_up
from generator.model.record import FundsRow, Indicator, Measure, Record
from generator.read.load import load_file
from generator.scoring import grade_for, score_record
from generator.scoring.execution import score_funds
from generator.scoring.indicator import score_indicator
from generator.scoring.profile import load_profile
from tests.conftest import CONTENT

NATIONAL = load_profile("national")
SEED = CONTENT / "records" / "2021" / "2021-cj-coal-network-ops.yaml"


def seed_record() -> Record:
    record = load_file(SEED).record
    assert record is not None
    return record


def with_total_row(budget: str | None, executed: str | None) -> Record:
    record = seed_record()
    row = FundsRow(Decimal(85), None if budget is None else Decimal(budget),
                   None if executed is None else Decimal(executed))
    return replace(record, funds=replace(record.funds, total=row))


@pytest.mark.parametrize(
    ("budget", "executed", "rate", "score"),
    [
        ("85.00", "76.83", "0.9038823529411764705882352941176470588235", "9.04"),
        ("100", "86", "0.86", "8.60"),
        ("100", "100", "1", "10.00"),
        ("100", "120", "1.2", "10.00"),  # executed above budget: capped at the weight
        ("100", "0", "0", "0.00"),
        ("8", "1", "0.125", "1.25"),
    ],
)
def test_funds_rate_and_score(budget: str, executed: str, rate: str, score: str) -> None:
    result = score_funds(with_total_row(budget, executed).funds)
    assert (result.rate, result.score) == (Decimal(rate), Decimal(score))


@pytest.mark.parametrize(
    ("budget", "executed", "note"),
    [
        ("0", "0", "年度资金总额的全年预算数为 0，无法计算执行率；采信报告得分。"),
        (None, "5", "年度资金总额的全年预算数为空，无法计算执行率；采信报告得分。"),
        ("10", None, "年度资金总额的全年执行数为空，无法计算执行率；采信报告得分。"),
    ],
)
def test_funds_cannot_be_computed(budget: str | None, executed: str | None, note: str) -> None:
    record = with_total_row(budget, executed)
    empty = FundsRow(Decimal(0), Decimal(0), Decimal(0))  # no source row holds the money either
    record = replace(record, funds=replace(record.funds, fiscal=empty))
    scored = score_record(record, NATIONAL)
    assert (scored.funds_rate, scored.funds_score, scored.funds_note) == (None, None, note)
    # the reported 9.04 is kept in the total, and said so
    assert scored.total == Decimal("99.04")
    assert "资金得分无法复核，按报告得分 9.04 计入" in scored.total_note
    assert [d.kind for d in scored.differences] == ["indicator", "indicator", "indicator", "total"]


@pytest.mark.parametrize("budget", ["0", None])
def test_total_row_zero_or_blank_is_recomputed_from_the_sources(budget: str | None) -> None:
    # domain.md: a total row of 0/0/0 above a 当年财政拨款 row of 90/89.974/89.974
    record = with_total_row(budget, "0")
    fiscal = FundsRow(Decimal(90), Decimal("89.974"), Decimal("89.974"))
    scored = score_record(replace(record, funds=replace(record.funds, fiscal=fiscal)), NATIONAL)
    assert (scored.funds_rate, scored.funds_score) == (Decimal(1), Decimal("10.00"))
    assert scored.funds_note == (
        "年度资金总额一行为 0 或空白，按各资金来源之和计算：执行率 = 全年执行数 89.974 ÷ 全年预算数 "
        "89.974 = 100.00%；得分 = 分值 10 × 执行率，不超过分值。")
    # the printed 9.04 differs from the reader's 10.00: a difference, shown beside it
    assert ("funds_score", "9.04", "10.00") in [(d.kind, d.reported, d.computed)
                                               for d in scored.differences]


def test_funds_note_states_the_method() -> None:
    assert score_funds(seed_record().funds).note == (
        "执行率 = 全年执行数 76.83 ÷ 全年预算数 85.00 = 90.39%；得分 = 分值 10 × 执行率，不超过分值。")


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "优"), ("90", "优"), ("90.00", "优"), ("89.99", "良"),
        # round at the end of the figure: 89.995 is shown as 90.00 and graded by what is shown
        ("89.995", "优"), ("89.994", "良"),
        ("80", "良"), ("79.99", "中"), ("60", "中"), ("59.99", "差"), ("59.995", "中"),
        ("0", "差"),
    ],
)
def test_grade_lower_bounds_are_inclusive(total: str, grade: str) -> None:
    assert grade_for(Decimal(total), NATIONAL) == grade


def test_half_up_not_half_even() -> None:
    # Python's round() gives 2.67 (binary float) and 0.12 (half even); the tables round half up.
    assert quantize_half_up(Decimal("2.675")) == Decimal("2.68")
    assert quantize_half_up(Decimal("0.125")) == Decimal("0.13")


def test_seed_table_differences() -> None:
    scored = score_record(seed_record(), NATIONAL)
    assert [(d.kind, d.pointer, d.reported, d.computed, d.difference) for d in scored.differences] == [
        ("indicator", "indicators[0].score", "10.00", "5.00", "-5.00"),
        ("indicator", "indicators[2].score", "5.00", "10.00", "5.00"),
        ("indicator", "indicators[6].score", "4.52", "5.00", "0.48"),
        ("total", "total.score", "98.56", "99.04", "0.48"),
    ]
    assert scored.differences[0].explanation == (
        "年度指标值“>=1次”，实际完成值“1次”，分值 5；正向指标：完成值达到指标值，得满分。")


def test_rate_compared_at_printed_precision_and_grade_difference() -> None:
    record = seed_record()
    record = replace(record, funds=replace(record.funds, reported=replace(
        record.funds.reported, rate="90.4%")), total=replace(record.total, grade="良"))
    kinds = {d.kind: d for d in score_record(record, NATIONAL).differences}
    assert "funds_rate" not in kinds  # 90.39% is 90.4% at one place
    grade = kinds["grade"]
    assert (grade.reported, grade.computed, grade.difference) == ("良", "优", "良 → 优")
    wrong = replace(record, funds=replace(record.funds, reported=replace(
        record.funds.reported, rate="90.93%")))
    rate = next(d for d in score_record(wrong, NATIONAL).differences if d.kind == "funds_rate")
    assert (rate.reported, rate.computed, rate.difference) == ("90.93%", "90.39%", "-0.54%")


# --- hypothesis properties -------------------------------------------------------------------

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100000), places=2)
actuals = st.decimals(min_value=Decimal(0), max_value=Decimal(300000), places=2)
weights = st.decimals(min_value=Decimal(0), max_value=Decimal(40), places=2)
FORWARD, REVERSE = (">=", ">", "="), ("<=", "<")


def measure_row(op: str, target: Decimal, actual: Decimal, weight: Decimal,
                level2: str = "数量指标") -> Indicator:
    return Indicator("产出指标", level2, "指标", Measure(op, target, "元"),
                     Measure(None, actual, "元"), weight, weight, "")


def computed(op: str, target: Decimal, actual: Decimal, weight: Decimal, level2: str,
             profile: str) -> Decimal:
    result = score_indicator(0, measure_row(op, target, actual, weight, level2),
                             load_profile(profile)).computed
    assert result is not None
    return result


profiles = st.sampled_from(["national", "linear-reverse"])
levels = st.sampled_from(["数量指标", "成本指标"])


@settings(max_examples=200, deadline=None)
@given(st.sampled_from((*FORWARD, *REVERSE)), amounts, actuals, weights, levels, profiles)
def test_score_within_zero_and_weight(op: str, target: Decimal, actual: Decimal,
                                      weight: Decimal, level2: str, profile: str) -> None:
    assert Decimal(0) <= computed(op, target, actual, weight, level2, profile) <= weight


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(FORWARD), amounts, actuals, actuals, weights)
def test_forward_non_decreasing_in_actual(op: str, target: Decimal, a: Decimal, b: Decimal,
                                          weight: Decimal) -> None:
    low, high = sorted((a, b))
    assert (computed(op, target, low, weight, "数量指标", "national")
            <= computed(op, target, high, weight, "数量指标", "national"))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from((*REVERSE, "=")), amounts, actuals, actuals, weights, profiles)
def test_reverse_non_increasing_in_actual(op: str, target: Decimal, a: Decimal, b: Decimal,
                                          weight: Decimal, profile: str) -> None:
    low, high = sorted((a, b))
    # "=" under a cost level is a ceiling, like ≤
    assert (computed(op, target, low, weight, "成本指标", profile)
            >= computed(op, target, high, weight, "成本指标", profile))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from((*FORWARD, *REVERSE)), amounts, actuals, weights,
                          st.one_of(st.none(), weights)), min_size=1, max_size=12),
       amounts, actuals)
def test_total_is_the_sum_of_its_parts(rows: list[tuple[str, Decimal, Decimal, Decimal,
                                                        Decimal | None]],
                                       budget: Decimal, executed: Decimal) -> None:
    record = replace(with_total_row(str(budget), str(executed)), indicators=tuple(
        replace(measure_row(op, t, a, w), score=s) for op, t, a, w, s in rows))
    scored = score_record(record, NATIONAL)
    parts = [i.computed for i in scored.indicators if i.computed is not None]
    assert scored.funds_score is not None
    assert scored.total == scored.funds_score + sum(parts, Decimal(0))
    assert scored.grade == grade_for(scored.total, NATIONAL)


def test_rate_with_trailing_zero_is_compared_at_its_printed_places() -> None:
    # "90.40%" parses to 0.904; its precision comes from the text, so 90.39% ≠ 90.40%.
    record = seed_record()
    record = replace(record, funds=replace(record.funds, reported=replace(
        record.funds.reported, rate="90.40%")))
    scored = score_record(record, NATIONAL)
    rate = next(d for d in scored.differences if d.kind == "funds_rate")
    assert (rate.reported, rate.computed, rate.difference) == ("90.40%", "90.39%", "-0.01%")
    reported = scored.to_json()["reported"]
    assert isinstance(reported, dict)
    assert reported["funds_rate"] == "0.9040"
