"""The tokens of an Excel number format: what each character of `0!.0000;[Red]-0.00` means.

`numfmt` lays a value into these tokens; anything a token list cannot express faithfully
(conditions, Chinese numerals, exponents) raises `Unsupported` with the reason in Chinese.
"""

from __future__ import annotations

from functools import lru_cache

_COLOURS = {"black", "blue", "cyan", "green", "magenta", "red", "white", "yellow"}
_DATE_CODES = set("ymdhs")
Token = tuple[str, str]
"""(kind, text): kind is digit, point, comma, percent, literal, text, general or date."""


class Unsupported(Exception):
    """A format (or a value under it) whose display this reader cannot reproduce."""

    def __init__(self, reason: str, code: str = "M124") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


@lru_cache(maxsize=512)
def sections(fmt: str) -> tuple[str, ...]:
    """Split a format at the `;` that are not quoted, escaped or bracketed."""
    parts, start, i, depth, quoted = [], 0, 0, 0, False
    while i < len(fmt):
        ch = fmt[i]
        if quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch in "\\!_*":
            i += 1
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(depth - 1, 0)
        elif ch == ";" and not depth:
            parts.append(fmt[start:i])
            start = i + 1
        i += 1
    parts.append(fmt[start:])
    return tuple(parts)


@lru_cache(maxsize=512)
def tokens(section: str) -> tuple[Token, ...]:
    """Return the tokens of one section, raising Unsupported for what is not applied."""
    out: list[Token] = []
    i = 0
    while i < len(section):
        ch = section[i]
        low = ch.lower()
        if ch == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            out.append(("literal", section[i + 1:end]))
            i = end + 1
            continue
        if ch in "\\!":
            out.append(("literal", section[i + 1:i + 2]))
            i += 2
            continue
        if ch in "_*":
            out.append(("literal", " " if ch == "_" else ""))
            i += 2
            continue
        if ch == "[":
            end = section.find("]", i)
            end = len(section) if end < 0 else end
            out.extend(_bracket(section[i + 1:end]))
            i = end + 1
            continue
        if section[i:i + 7].lower() == "general":
            out.append(("general", ""))
            i += 7
            continue
        if low == "e" and section[i + 1:i + 2] in ("+", "-"):
            raise Unsupported(f"科学计数法格式“{section}”")
        if section[i:i + 5].upper() == "AM/PM" or section[i:i + 3].upper() == "A/P":
            out.append(("date", ch))
            i += 5 if section[i:i + 5].upper() == "AM/PM" else 3
            continue
        kind = {"0": "digit", "#": "digit", "?": "digit", ".": "point", ",": "comma",
                "%": "percent", "@": "text"}.get(ch)
        if kind is None:
            kind = "date" if low in _DATE_CODES else "literal"
        out.append((kind, ch))
        i += 1
    return tuple(out)


def _bracket(inner: str) -> list[Token]:
    low = inner.lower()
    if low in _COLOURS or (low.startswith("color") and low[5:].isdigit()):
        return []
    if inner.startswith("$"):
        symbol = inner[1:].split("-", 1)[0]
        return [("literal", symbol)] if symbol else []
    if low and low[0] in "hms" and set(low) <= set("hms"):
        return [("date", inner)]
    if low.startswith(("dbnum", "natnum")):
        raise Unsupported(f"中文数字格式“[{inner}]”")
    raise Unsupported(f"条件或特殊格式“[{inner}]”")


@lru_cache(maxsize=512)
def is_date(fmt: str) -> bool:
    """Return True when the first section shows a date or time."""
    try:
        found = tokens(sections(fmt)[0])
    except Unsupported:
        return False
    return any(kind == "date" for kind, _ in found)
