"""Figures as the site shows them: published values exactly as printed, recomputed ones formatted.

Nothing here rounds a published figure; recomputed figures are rounded half up by `decimals`.
"""

from __future__ import annotations

from decimal import Decimal

from generator.model.decimals import (
    divide,
    format_cent,
    format_percent,
    format_plain,
    quantize_half_up,
)
from generator.model.record import Cell, Measure

DASH = "—"
"""Shown where a figure is blank or cannot be computed."""

TEN_THOUSAND = Decimal(10000)


def printed(value: Decimal | None) -> str:
    """Return a published amount, weight or score exactly as written ("" when blank)."""
    return "" if value is None else format_plain(value)


def cell(value: Cell) -> str:
    """Return a target or actual cell as printed; the mapping form as op, value and unit."""
    if value is None:
        return ""
    if isinstance(value, Measure):
        number = "" if value.value is None else format_plain(value.value)
        return f"{value.op or ''}{number}{value.unit or ''}"
    return value


def percent(rate: Decimal | None) -> str:
    """Return a recomputed fraction as a percentage with two places, or a dash."""
    return DASH if rate is None else format_percent(rate)


def cent(value: Decimal | None) -> str:
    """Return a recomputed figure with two places, or a dash."""
    return DASH if value is None else format_cent(value)


def to_wan(value: Decimal, unit: str) -> Decimal:
    """Return an amount in 万元, whatever unit the record prints (万元 or 元)."""
    return value if unit == "万元" else divide(value, TEN_THOUSAND)


def sort_key(value: Decimal | None) -> str:
    """Return a plain-number text for the browser's sorting ("" sorts last)."""
    return "" if value is None else format_plain(value)


def amount(value: Decimal | None) -> str:
    """Return an amount (万元) rounded half up to two places with thousands separators."""
    return DASH if value is None else f"{quantize_half_up(value):,.2f}"


def signed(value: Decimal | None) -> str:
    """Return a recomputed difference with its sign and two places ("+0.00" when equal)."""
    return DASH if value is None else f"{quantize_half_up(value):+.2f}"
