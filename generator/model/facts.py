"""Facts about one record that the year's signals compare across records (`site.signals`).

They need only the record itself, so they are worked out where it is scored and kept beside its
packed form (`scoring.packed`): a year's signals then never unpack its records.
"""

from __future__ import annotations

import hashlib
import unicodedata

from generator.model.record import Record
from generator.model.values import Kind, parse_cell

MIN_DEVIATION_CHARS = 8
"""Shorter deviation texts ("无", "已完成") repeat naturally and are left out."""
MIN_EXACT_INDICATORS = 3
"""A table needs this many quantitative indicators for "every target met exactly" to mean much."""


def exact_targets(record: Record) -> bool:
    """Return True when every readable quantitative indicator's actual equals its target."""
    pairs = [(parse_cell(i.target), parse_cell(i.actual)) for i in record.indicators]
    numeric = [(t, a) for t, a in pairs if t.kind is Kind.QUANTITY and a.kind is Kind.QUANTITY
               and t.number is not None and a.number is not None and t.unit == a.unit]
    return len(numeric) >= MIN_EXACT_INDICATORS and all(t.number == a.number for t, a in numeric)


def deviation_texts(record: Record) -> list[tuple[str, str]]:
    """Return (key, text as printed) of each distinct deviation text long enough to compare:
    the key has spaces removed and widths folded, the text is stripped; in indicator order."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for ind in record.indicators:
        key = "".join(unicodedata.normalize("NFKC", ind.deviation).split())
        if len(key) >= MIN_DEVIATION_CHARS and key not in seen:
            seen.add(key)
            found.append((key, ind.deviation.strip()))
    return found


def text_digest(key: str) -> int:
    """Return the 128-bit digest of a deviation key: records sharing a text share it, and two
    texts sharing one are as unlikely as a git object id shared by two files."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest(), "big")
