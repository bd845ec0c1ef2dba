"""Edit the XML inside .docx/.xlsx files built by tests/importfixtures.py, as Office would write it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

W_RUN = "<w:r><w:t>{}</w:t></w:r>"
"""How python-docx writes a cell's text: one run in one paragraph."""


def rewrite(path: Path, part: str, old: str, new: str, count: int = 1) -> None:
    """Replace `old` by `new` in one part of the package, exactly `count` times (0: all)."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename == part:
                text = data.decode("utf-8")
                found = text.count(old)
                assert found >= max(count, 1), (old, found)
                data = text.replace(old, new, count if count else -1).encode("utf-8")
            target.writestr(info, data)


def read_part(path: Path, part: str) -> str:
    """Return one part of the package as text."""
    with zipfile.ZipFile(path) as source:
        return source.read(part).decode("utf-8")


def run_of(text: str) -> str:
    """Return the run python-docx wrote for a cell holding `text`."""
    return W_RUN.format(text)


def sheet_cell(path: Path, ref: str, part: str = "xl/worksheets/sheet1.xml") -> str:
    """Return the `<c>` element of one cell as openpyxl wrote it."""
    found = re.search(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', read_part(path, part))
    assert found, ref
    return found.group(0)


def add_part(path: Path, part: str, data: bytes) -> None:
    """Add (or replace) a part of the package."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist() if info.filename != part]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, old in items:
            target.writestr(info, old)
        target.writestr(part, data)


def add_shared_strings(path: Path, strings: list[str]) -> None:
    """Give an .xlsx a shared-string table (openpyxl writes inline strings)."""
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    add_part(path, "xl/sharedStrings.xml",
             ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
              f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>').encode())
    rewrite(path, "xl/_rels/workbook.xml.rels", "</Relationships>",
            '<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')


def bomb(path: Path, part: str, size: int) -> None:
    """Replace a part by `size` bytes of spaces: a few kilobytes compressed (a zip bomb)."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist() if info.filename != part]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info, old in items:
            target.writestr(info, old)
        with target.open(part, "w") as out:
            chunk = b" " * (1 << 20)
            for _ in range(size >> 20):
                out.write(chunk)
