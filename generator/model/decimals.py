"""Exact decimal arithmetic for published figures: half-up rounding, never binary floats.

Python's `round()` rounds half to even (round(2.675, 2) == 2.67 on floats, and
round(Decimal("0.125"), 2) == Decimal("0.12")); the official tables round half up (四舍五入).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

CENT = Decimal("0.01")
"""Scores and amounts are published to two places."""
RATE_PLACES = Decimal("0.0001")
"""Rates are fractions published as percentages with two places: 0.9039 is 90.39%."""

WIDE = 60
"""Significant digits of a rounding or a product: more than any published figure holds."""
# Explicit contexts, never the thread's: no caller's settings reach the figures, and a build
# rounds hundreds of thousands of times, each `localcontext()` a copy of the thread's context.
_WIDE = Context(prec=WIDE)
_DIVISION = Context(prec=40)

_DECIMAL_TEXT = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")


def parse_decimal(text: str) -> Decimal | None:
    """Return the exact decimal written as plain digits, or None for anything else.

    Exponents, NaN, Infinity, thousands separators and underscores are refused on purpose:
    a published table prints none of them, so they are typing mistakes.
    """
    stripped = text.strip()
    if not _DECIMAL_TEXT.match(stripped):
        return None
    try:
        return Decimal(stripped)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return None


def quantize_half_up(value: Decimal, places: Decimal = CENT) -> Decimal:
    """Round half up to the given places (四舍五入), in a context wide enough for any amount."""
    # Wide enough for the result's every digit: a hostile 90-digit amount must not raise.
    exponent = places.as_tuple().exponent
    digits = value.adjusted() - (exponent if isinstance(exponent, int) else 0) + 2
    context = _WIDE if digits <= WIDE else Context(prec=digits)
    return value.quantize(places, rounding=ROUND_HALF_UP, context=context)


def divide(numerator: Decimal, denominator: Decimal) -> Decimal:
    """Divide exactly enough for half-up rounding afterwards (40 significant digits)."""
    return _DIVISION.divide(numerator, denominator)


def multiply(a: Decimal, b: Decimal) -> Decimal:
    """Multiply without losing digits."""
    return _WIDE.multiply(a, b)


def format_plain(value: Decimal) -> str:
    """Return the decimal as plain digits (never exponent notation), keeping its places."""
    return f"{value:f}"


def format_cent(value: Decimal) -> str:
    """Return the value rounded half up to two places, as text (e.g. "9.04")."""
    return format_plain(quantize_half_up(value, CENT))


def format_rate(rate: Decimal) -> str:
    """Return a fraction rounded half up to four places (e.g. "0.9039")."""
    return format_plain(quantize_half_up(rate, RATE_PLACES))


def format_percent(rate: Decimal) -> str:
    """Return a fraction as a percentage with two places (e.g. "90.39%")."""
    return format_plain(quantize_half_up(multiply(rate, Decimal(100)), CENT)) + "%"


def places_of(value: Decimal) -> int:
    """Return how many places after the point the decimal was written with."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


@dataclass(frozen=True)
class PrintedRate:
    """A rate as a table prints it ("90.39%"): the number before the sign and its places.

    The one reading of a printed rate: the rules, the scoring and the site all take it from
    `printed_rate`, and compare a recomputed rate with it at the precision it was printed with.
    """

    percent: Decimal
    """The printed number, exactly as printed (90.39, or 90.40 with its trailing zero)."""
    places: int
    """Its places after the point (2 for 90.39%, 0 for 90%)."""

    @property
    def fraction(self) -> Decimal:
        """Return the rate as a fraction (90.39% → 0.9039)."""
        return divide(self.percent, Decimal(100))

    def at_printed(self, rate: Decimal) -> Decimal:
        """Return an exact rate as a percentage rounded half up to the printed places."""
        return quantize_half_up(multiply(rate, Decimal(100)), Decimal(1).scaleb(-self.places))


def printed_rate(text: str | None) -> PrintedRate | None:
    """Return the percentage printed in a rate cell ("90.39%", "90.39％"), or None for other text."""
    stripped = (text or "").strip().replace("％", "%")
    number = parse_decimal(stripped[:-1]) if stripped.endswith("%") else None
    return None if number is None else PrintedRate(number, places_of(number))
