"""Cell references and values of SpreadsheetML: `AB12` ↔ (12, 28), date serials."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from generator.importers.fmttokens import Unsupported

REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
RANGE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7}):\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def column_number(letters: str) -> int:
    """Return the number of Excel column letters (A → 1, AB → 28)."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


@lru_cache(maxsize=1024)
def column_letter(column: int) -> str:
    """Return the Excel letters of a column number (1 → A, 28 → AB)."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(ref: str) -> tuple[int, int]:
    """Return (row, column) of a reference such as `B12`; (0, 0) when it is none."""
    found = REF.match(ref)
    if not found:
        return 0, 0
    return int(found.group(2)), column_number(found.group(1))


def to_int(text: str | None, default: int) -> int:
    """Return an attribute's integer, or `default` when it is absent or not one."""
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def serial_date(serial: Decimal, date1904: bool) -> str:
    """Return the ISO date of an Excel date serial (a time of day when below 1)."""
    if not 0 <= serial < 2958466:
        raise Unsupported(f"日期序号 {serial} 超出 Excel 的日期范围", "M125")
    days = int(serial)
    if days == 0 and not date1904:
        seconds = int((serial - days) * 86400 + Decimal("0.5"))
        return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    base = date(1904, 1, 1) if date1904 else date(1899, 12, 30 if days >= 61 else 31)
    return (base + timedelta(days=days)).isoformat()
