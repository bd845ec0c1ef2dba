"""Characters a record never needs: control characters and Unicode line separators.

YAML itself forbids most C0 controls, but the parser reports them without a position, and
double-quoted escapes (`"\\0"`, `"\\x1b"`) put them into values all the same. NEL (U+0085) and
U+2028/U+2029 count as line breaks for the parser but not for editors, so line numbers in
diagnostics would drift; they are refused too. Tab, line feed and carriage return stay allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")

_NAMES = {
    "\x00": ("空字符 NUL", "文件可能是 UTF-16 编码或二进制文件；请以 UTF-8 编码另存。"),
    "\x0b": ("垂直制表符", "多半来自 Word 的手动换行（Shift+Enter）；请改为普通换行或删除。"),
    "\x0c": ("换页符", "多半来自 Word 的分页符；请删除。"),
    "\x85": ("下一行符 NEL", "请改为普通换行。"),
    "\u2028": ("行分隔符 U+2028", "请改为普通换行。"),
    "\u2029": ("段落分隔符 U+2029", "请改为普通换行。"),
}


@dataclass(frozen=True)
class Forbidden:
    """The first forbidden character of a text: where it is and what to say about it."""

    index: int
    """Offset in the text, counted in characters."""
    code: str
    """The character as `U+XXXX`."""
    name: str
    """Chinese name of the character."""
    hint: str
    """Chinese hint: what to do about it."""


def first_forbidden(text: str) -> Forbidden | None:
    """Return the first control character or line separator in `text`, or None."""
    match = _FORBIDDEN.search(text)
    if match is None:
        return None
    char = match.group()
    name, hint = _NAMES.get(char, ("控制字符", "这是一个不可见字符，多半是复制粘贴带来的；请删除。"))
    return Forbidden(match.start(), f"U+{ord(char):04X}", name, hint)


def line_column(text: str, index: int) -> tuple[int, int]:
    """Return the 1-based line and column of the character at `index`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1
