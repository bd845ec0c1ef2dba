"""Figures shared by the rules: rounding at a printed precision, the funds' execution rate."""

from __future__ import annotations

from decimal import Decimal

from generator.model.decimals import parse_decimal, places_of, quantize_half_up
from generator.model.record import Record
from generator.scoring.execution import execution_rate


def at_places(value: Decimal, places: int) -> Decimal:
    """Round half up to `places` after the point (四舍五入)."""
    return quantize_half_up(value, Decimal(1).scaleb(-places))


def computed_rate(rec: Record) -> Decimal | None:
    """Return the execution rate of `generator.scoring.execution`, or None when it cannot be computed."""
    return execution_rate(rec.funds)[0]


def printed_rate(text: str | None) -> tuple[Decimal, int] | None:
    """Return the printed percentage's number and its places ("90.39%" → 90.39, 2), or None."""
    stripped = (text or "").strip().replace("％", "%")
    number = parse_decimal(stripped[:-1]) if stripped.endswith("%") else None
    return None if number is None else (number, places_of(number))
