"""Read figures from cells exactly as printed: never a float, never a corrected value."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from generator.importers.grid import Cell, ImportProblem
from generator.model.decimals import parse_decimal

DASHES = frozenset({"—", "——", "-", "－", "/", "／", "–", "\\"})
"""A printed dash in a figure cell means "nothing here"; a number field stores it as null."""

_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
"""Thousands separators as printed in 元 amounts (e.g. 1,200,000.00); only well-formed groups."""

_YEAR = re.compile(r"(20\d\d)\s*年")
_ALONE_YEAR = re.compile(r"^[(（]?\s*(20\d\d)\s*年度?\s*[)）]?$")


def _plain(text: str) -> str:
    """Fold full-width digits and signs to ASCII (a typing variant, not a different figure)."""
    return unicodedata.normalize("NFKC", text).strip()


def blank(cell: Cell | None) -> bool:
    """Return True for a missing, empty or dash-only cell."""
    return cell is None or not cell.text or cell.text in DASHES


def number(cell: Cell | None, what: str, *, grouped: bool = False,
           suffix: str = "") -> Decimal | None:
    """Return the decimal printed in the cell (None when blank); raise M106 when it is not one.

    `grouped` accepts thousands separators; `suffix` (e.g. 分) may follow the number.
    """
    if cell is None or blank(cell):
        return None
    text = _plain(cell.text)
    if suffix and text.endswith(suffix):
        text = text[: -len(suffix)].strip()
    if grouped and _GROUPED.match(text):
        text = text.replace(",", "")
    value = parse_decimal(text)
    if value is None:
        raise ImportProblem("M106", f"{what}“{cell.text}”不是数字。", cell,
                            "请核对原表；本工具不猜测数字，也不改动原表。")
    return value


def required(cell: Cell | None, what: str, where: Cell | None, *,
             suffix: str = "") -> Decimal:
    """Return the number printed in a cell that must not be blank (M108 when it is)."""
    value = number(cell, what, suffix=suffix)
    if value is None:
        raise ImportProblem("M108", f"{what}为空，记录格式要求填写数字。", cell or where,
                            "请在原表中核对该单元格。")
    return value


def plain_number(text: str) -> Decimal | None:
    """Return the decimal if the whole text is one number (thousands separators allowed)."""
    folded = _plain(text)
    if _GROUPED.match(folded):
        folded = folded.replace(",", "")
    return parse_decimal(folded) if folded else None


def year_in(text: str, alone: bool = False) -> int | None:
    """Return the year printed in a title ('2021年度…') or alone ('（2021年度）')."""
    found = (_ALONE_YEAR if alone else _YEAR).search(_plain(text))
    return int(found.group(1)) if found else None
