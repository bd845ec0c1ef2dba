"""One normalisation for printed header cells and labels, applied before any comparison.

Published tables spell the same header many ways: full-width or half-width characters,
spaces inside words (`项 目 名 称`), column letters (`全年预算数(A)`, `执行率(B/A)`) and units
(`（万元）`, `（%）`). `key` folds exactly these variants and nothing else; a label that still
differs is not recognised, never guessed.
"""

from __future__ import annotations

import re
import unicodedata

_LETTERS = re.compile(r"\([A-Za-z](?:[/÷*×+-][A-Za-z])*\)")
"""Column letters: (A), (B), (B/A), (C=A+B) is not one of them and stays."""
_UNITS = re.compile(r"\((?:万元|元|%|％)\)")
_PLACEHOLDER = re.compile(r"指标\d+:?[/、,.\s]*")
"""A template row's name: 指标2, 指标2:, 指标2：, 指标1:/ / / (after `key`)."""
_ELLIPSIS = frozenset("…．.。·")


def key(text: str) -> str:
    """Return the comparison form of a printed label (never stored, only compared)."""
    folded = unicodedata.normalize("NFKC", text)
    folded = re.sub(r"\s+", "", folded).replace("％", "%")
    folded = _LETTERS.sub("", folded)
    return _UNITS.sub("", folded)


def is_placeholder(text: str) -> bool:
    """Return True for a name left from the blank form: 指标2, 指标2：, 指标1:/ / /, ……"""
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if not folded or set(folded) <= _ELLIPSIS or folded == "略":
        return True
    return bool(_PLACEHOLDER.fullmatch(folded))
