"""Write XLSX workbooks, byte for byte reproducible.

openpyxl writes the package (workbook, styles, the sheets' header rows); the data rows are
serialised here exactly as openpyxl would write them (inline strings, numbers as `%.16g`,
blank numbers left out), which is many times faster at scale (issue 16). openpyxl stamps the
workbook's created and modified dates and every zip entry with the clock; both are fixed here
so two builds of the same records give the same bytes.
"""

from __future__ import annotations

import datetime
import importlib.util
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # openpyxl is imported only when a workbook's package is written
    from openpyxl import Workbook

FIXED_DATE = datetime.datetime(2000, 1, 1)
"""Stamped as created and modified: the content, not the build time, decides the bytes."""
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""The earliest date a zip entry can carry."""

Sheet = tuple[str, tuple[tuple[str, bool], ...], list[tuple[str, ...]]]
"""(sheet title, columns as (name, is text), rows of text)."""
Cells = tuple[str, ...]
"""A row's cells as XML after each cell's reference (`row_cells`); "" for a cell left out."""
CellSheet = tuple[str, tuple[tuple[str, bool], ...], Sequence[Cells]]
"""(sheet title, columns, rows already serialised by `row_cells`)."""


def column_letter(number: int) -> str:
    """Return the spreadsheet letters of column `number` (1 → A, 27 → AA), as openpyxl does."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _value(value: str, text: bool) -> str | Decimal | None:
    if text:
        return value
    return None if value == "" else Decimal(value)


def _fill(workbook: Workbook, sheets: Iterable[Sheet]) -> None:
    first = True
    for title, columns, rows in sheets:
        sheet = workbook.active if first else workbook.create_sheet()
        first = False
        sheet.title = title
        sheet.append([name for name, _ in columns])
        for row in rows:
            sheet.append([_value(value, text) for value, (_, text) in zip(row, columns, strict=True)])
        for cells in sheet.iter_rows():
            for item in cells:
                if isinstance(item.value, str):
                    item.data_type = "s"  # never a formula, whatever the text starts with
        sheet.freeze_panes = "A2"


def _text(value: str) -> str:
    """Return text escaped as openpyxl's lxml writer does (ASCII, character references)."""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("\r", "&#13;").encode("ascii", "xmlcharrefreplace").decode("ascii")


@lru_cache(maxsize=16384)
def _cell(value: str, text: bool) -> str:
    """Return one cell's XML after its reference (`<c r="A2"` + this); "" for a cell left out.

    Cached by the exact text: figures, units and level names recur in every record.
    """
    if text:
        if value == "":
            return ' t="inlineStr"></c>'
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f' t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>'
    if value == "":
        return ""  # openpyxl leaves blank cells out
    return f' t="n"><v>{format(float(Decimal(value)), ".16g")}</v></c>'


def row_cells(columns: tuple[tuple[str, bool], ...], row: tuple[str, ...]) -> Cells:
    """Return a row's cells serialised, without their references (which hold the row number).

    A row listed in several workbooks (a record's in its year's and in all years') is
    serialised once this way and numbered in each.
    """
    return tuple(_cell(value, text) for value, (_, text) in zip(row, columns, strict=True))


def _rows_xml(columns: tuple[tuple[str, bool], ...], rows: Sequence[Cells]) -> str:
    """Return the data rows (from row 2) as openpyxl writes them."""
    letters = [column_letter(i + 1) for i in range(len(columns))]
    parts = []
    for number, cells in enumerate(rows, start=2):
        parts.append(f'<row r="{number}">')
        parts.extend(f'<c r="{letter}{number}"{cell}'
                     for letter, cell in zip(letters, cells, strict=True) if cell)
        parts.append("</row>")
    return "".join(parts)


def _splice(sheet: bytes, columns: tuple[tuple[str, bool], ...], rows: Sequence[Cells]) -> bytes:
    """Insert the data rows into a sheet openpyxl wrote with its header row only."""
    if not rows:
        return sheet
    last = column_letter(len(columns))
    xml = sheet.decode("ascii")
    xml = xml.replace(f'<dimension ref="A1:{last}1"/>', f'<dimension ref="A1:{last}{len(rows) + 1}"/>', 1)
    head, tail = xml.split("</sheetData>", 1)
    return (head + _rows_xml(columns, rows) + "</sheetData>" + tail).encode("ascii")


def _repack(data: bytes, sheets: Sequence[CellSheet]) -> bytes:
    """Return the zip with the data rows spliced in and every entry's timestamp fixed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            content = src.read(info.filename)
            for number, (_, columns, rows) in enumerate(sheets, start=1):
                if info.filename == f"xl/worksheets/sheet{number}.xml":
                    content = _splice(content, columns, rows)
            dst.writestr(fixed, content)
    return out.getvalue()


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """Return the workbook of the given sheets as reproducible XLSX bytes."""
    return workbook_bytes([(title, columns, [row_cells(columns, row) for row in rows])
                           for title, columns, rows in sheets])


SkeletonStore = tuple[Callable[[str], bytes | None], Callable[[str, bytes], None]]
"""(get, put) of stored workbook packages by a name (`workbook_bytes`)."""
_SKELETONS: dict[str, bytes] = {}


def skeleton_name(spec: Sequence[tuple[str, tuple[tuple[str, bool], ...]]]) -> str:
    """Return the name of the package openpyxl writes for sheets `spec` (titles and columns),
    with openpyxl's version: another version may write other bytes."""
    return repr((_openpyxl_version(), tuple(spec)))


@lru_cache(maxsize=1)
def _openpyxl_version() -> str:
    spec = importlib.util.find_spec("openpyxl")  # found, not imported
    if spec is None or spec.origin is None:
        return "?"
    try:
        return (Path(spec.origin).parent / "_constants.py").read_text(encoding="utf-8")
    except OSError:
        return "?"


def _skeleton(sheets: Sequence[CellSheet], store: SkeletonStore | None) -> bytes:
    """Return the package openpyxl writes for the sheets with their header rows only.

    It depends on the sheets' titles and columns alone, so it is made once per build (and,
    through `store`, kept between builds: a build whose workbooks are all cached, or whose
    package is stored, never imports openpyxl)."""
    name = skeleton_name([(title, columns) for title, columns, _ in sheets])
    found = _SKELETONS.get(name)
    if found is None and store is not None:
        found = store[0](name)
        if found is not None and not zipfile.is_zipfile(io.BytesIO(found)):
            found = None
    if found is None:
        from openpyxl import Workbook
        from openpyxl.writer.excel import ExcelWriter

        workbook = Workbook()
        _fill(workbook, [(title, columns, []) for title, columns, _ in sheets])
        workbook.properties.created = FIXED_DATE
        workbook.properties.modified = FIXED_DATE
        workbook.properties.creator = "jixiao-disclosure"
        buffer = io.BytesIO()
        archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        ExcelWriter(workbook, archive).save()  # not Workbook.save, which stamps `modified` with now
        found = buffer.getvalue()
        if store is not None:
            store[1](name, found)
    _SKELETONS[name] = found
    return found


def workbook_bytes(sheets: Sequence[CellSheet], store: SkeletonStore | None = None) -> bytes:
    """Return the workbook of sheets whose rows `row_cells` serialised, as reproducible XLSX.

    `store` keeps openpyxl's package (`_skeleton`) between builds."""
    return _repack(_skeleton(sheets, store), sheets)
