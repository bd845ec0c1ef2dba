"""Figures shared by the rules: rounding at a printed precision."""

from __future__ import annotations

from decimal import Decimal

from generator.model.decimals import quantize_half_up


def at_places(value: Decimal, places: int) -> Decimal:
    """Round half up to `places` after the point (四舍五入)."""
    return quantize_half_up(value, Decimal(1).scaleb(-places))
