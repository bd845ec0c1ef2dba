"""Hand-written SVG bar charts, made at build time: no library, nothing loaded from outside.

One shape only, a horizontal bar chart with one or more series, each bar with its value written
beside it (so no reading depends on colour) and an optional vertical reference line (a median).
Coordinates are exact decimals rounded half up to one place: same data, same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from generator.model.decimals import quantize_half_up

WIDTH = 640
LABEL = 190
"""Width of the label column."""
VALUE = 90
"""Room for the value text at the end of the longest bar."""
BAR = 14
GAP = 6
FILLS = ("jx-s1", "jx-s2")
"""CSS classes of the series (colours in jixiao.css, light and dark palettes)."""


@dataclass(frozen=True)
class Bar:
    """One row of the chart: a label and one (value, text) per series."""

    label: str
    values: tuple[tuple[Decimal | None, str], ...]


def _n(value: Decimal) -> str:
    text = format(quantize_half_up(value, Decimal("0.1")), "f")
    return text[:-2] if text.endswith(".0") else text


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar], series: Sequence[str],
              reference: tuple[Decimal, str] | None = None) -> Markup:
    """Return an SVG bar chart; `reference` draws a labelled vertical line at that value."""
    numbers = [v for bar in bars for v, _ in bar.values if v is not None]
    if reference is not None:
        numbers.append(reference[0])
    top = max([n for n in numbers if n > 0], default=Decimal(1))
    span = Decimal(WIDTH - LABEL - VALUE)
    row = BAR * len(series) + GAP * 2
    legend = 22 if len(series) > 1 else 0
    height = legend + row * len(bars) + (22 if reference is not None else 6)
    parts = [f'<svg class="jx-svg" id="{chart_id}" viewBox="0 0 {WIDTH} {height}" '
             f'width="100%" role="img" aria-labelledby="{chart_id}-t">'
             f'<title id="{chart_id}-t">{escape(title)}</title>']
    for i, name in enumerate(series if len(series) > 1 else ()):
        x = LABEL + i * 150
        parts.append(f'<rect class="{FILLS[i % 2]}" x="{x}" y="4" width="12" height="12"/>'
                     f'<text x="{x + 16}" y="14">{escape(name)}</text>')
    for r, bar in enumerate(bars):
        y = legend + r * row + GAP
        parts.append(f'<text class="jx-svg-label" x="{LABEL - 8}" y="{y + BAR * len(series) / 2 + 4:g}" '
                     f'text-anchor="end">{escape(_short(bar.label))}</text>')
        for s, (value, text) in enumerate(bar.values):
            width = Decimal(0) if value is None or value <= 0 else span * value / top
            by = y + s * BAR
            parts.append(f'<rect class="{FILLS[s % 2]}" x="{LABEL}" y="{by}" width="{_n(width)}" '
                         f'height="{BAR - 2}"/><text x="{_n(LABEL + width + 4)}" y="{by + BAR - 3}">'
                         f'{escape(text)}</text>')
    if reference is not None:
        rx = _n(LABEL + span * reference[0] / top)
        bottom = legend + row * len(bars)
        parts.append(f'<line class="jx-svg-ref" x1="{rx}" x2="{rx}" y1="{legend}" y2="{bottom}"/>'
                     f'<text x="{rx}" y="{bottom + 16}" text-anchor="middle">'
                     f'{escape(reference[1])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(label: str, limit: int = 14) -> str:
    """Return a label cut to fit the label column (the data table gives it in full)."""
    return label if len(label) <= limit else label[:limit - 1] + "…"
