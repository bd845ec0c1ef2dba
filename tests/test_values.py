"""The target/actual parser: every comparator spelling, numbers, units, periods, wording."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.model.record import Measure
from generator.model.values import Kind, Period, is_qualitative_word, parse_cell, same_dimension

COMPARATORS = [
    (">=95%", ">="), ("≥95%", ">="), ("≧95%", ">="), ("＞＝95%", ">="), ("不低于95%", ">="),
    (">95%", ">"), ("＞95%", ">"), ("=95%", "="), ("═95%", "="), ("﹦95%", "="), ("＝95%", "="),
    ("<=95%", "<="), ("≤95%", "<="), ("≦95%", "<="), ("<95%", "<"), ("95%以上", ">="),
    ("95%以内", "<="), ("95%", None),
]


@pytest.mark.parametrize(("text", "op"), COMPARATORS)
def test_comparators_in_every_spelling(text: str, op: str | None) -> None:
    value = parse_cell(text)
    assert (value.kind, value.op, value.number, value.unit) == (Kind.QUANTITY, op, Decimal(95), "%")


@pytest.mark.parametrize(
    ("text", "number", "unit", "dimension", "base"),
    [
        ("76.83万元", "76.83", "万元", "money", "768300.00"),
        ("１２３４．５元", "1234.5", "元", "money", "1234.5"),
        ("1,234,567.89元", "1234567.89", "元", "money", "1234567.89"),
        ("95%", "95", "%", "percent", "0.95"),
        ("95％", "95", "%", "percent", "0.95"),
        ("735人次", "735", "人次", "人次", "735"),
        ("12次", "12", "次", "次", "12"),
        ("20天", "20", "天", "天", "20"),
        ("4季度", "4", "季度", "季度", "4"),
        ("2.5公里", "2.5", "公里", "length", "2500.0"),
        ("1", "1", None, None, "1"),
    ],
)
def test_numbers_and_units(text: str, number: str, unit: str | None, dimension: str | None,
                           base: str) -> None:
    value = parse_cell(text)
    assert value.kind is Kind.QUANTITY
    assert (value.number, value.unit, value.dimension, value.base) == (
        Decimal(number), unit, dimension, Decimal(base))


def test_unit_typo_is_normalised_and_flagged() -> None:
    value = parse_cell("10万云")
    assert (value.unit, value.unit_printed, value.unit_typo, value.dimension) == (
        "万元", "万云", True, "money")


def test_units_of_different_kinds_do_not_compare() -> None:
    assert not same_dimension(parse_cell("=30矿次"), parse_cell("30份"))
    assert same_dimension(parse_cell("<=85万元"), parse_cell("850000元"))
    assert not same_dimension(parse_cell("提升"), parse_cell("100%"))


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2021年1月-12月", Period(2021, 1, 2021, 12)),
        ("2021年1-12月", Period(2021, 1, 2021, 12)),
        ("2021年1月至12月", Period(2021, 1, 2021, 12)),
        ("2021年3月～2022年2月", Period(2021, 3, 2022, 2)),
        ("2021年", Period(2021, 1, 2021, 12)),
        ("1月-6月", Period(None, 1, None, 6)),
    ],
)
def test_periods(text: str, period: Period) -> None:
    value = parse_cell(text)
    assert (value.kind, value.period) == (Kind.PERIOD, period)


@pytest.mark.parametrize("text", ["提升", "长期", "有效", "达成年度指标", "延长", "减少"])
def test_qualitative_wording(text: str) -> None:
    value = parse_cell(text)
    assert value.kind is Kind.QUALITATIVE
    assert is_qualitative_word(text)


@pytest.mark.parametrize("cell", [None, "", "   ", "—", "/"])
def test_blank_cells(cell: str | None) -> None:
    assert parse_cell(cell).kind is Kind.BLANK


def test_unparseable_text_is_quoted_in_the_problem() -> None:
    value = parse_cell("约3到5个左右吧12")
    assert value.kind is Kind.UNPARSED
    assert value.problem is not None and "“约3到5个左右吧12”" in value.problem


def test_mapping_form() -> None:
    value = parse_cell(Measure("≥", Decimal(735), "人次"))
    assert (value.kind, value.op, value.number, value.unit, value.text) == (
        Kind.QUANTITY, ">=", Decimal(735), "人次", "≥735人次")


def test_mapping_forms_equal_as_numbers_keep_their_own_text() -> None:
    """Parsing is cached: 10 and 10.0 compare equal but are printed differently."""
    assert parse_cell(Measure("≥", Decimal("10"), "个")).text == "≥10个"
    assert parse_cell(Measure("≥", Decimal("10.0"), "个")).text == "≥10.0个"
    assert parse_cell(Measure("≥", Decimal("10"), "个")).text == "≥10个"


def test_mapping_form_with_unknown_operator() -> None:
    value = parse_cell(Measure("约", Decimal(3), "次"))
    assert value.kind is Kind.UNPARSED
    assert value.problem is not None and "约" in value.problem


def test_copied_actual_keeps_its_comparator() -> None:
    value = parse_cell("≥266米")
    assert (value.op, value.number, value.unit) == (">=", Decimal(266), "米")
