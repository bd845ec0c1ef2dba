"""Write XLSX workbooks with openpyxl, byte for byte reproducible.

openpyxl stamps the workbook's created and modified dates and every zip entry with the clock;
both are fixed here so two builds of the same records give the same bytes.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterable
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

FIXED_DATE = datetime.datetime(2000, 1, 1)
"""Stamped as created and modified: the content, not the build time, decides the bytes."""
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""The earliest date a zip entry can carry."""

Sheet = tuple[str, tuple[tuple[str, bool], ...], list[tuple[str, ...]]]
"""(sheet title, columns as (name, is text), rows of text)."""


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


def _repack(data: bytes) -> bytes:
    """Return the zip with every entry's timestamp fixed, in the original order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """Return the workbook of the given sheets as reproducible XLSX bytes."""
    workbook = Workbook()
    _fill(workbook, sheets)
    workbook.properties.created = FIXED_DATE
    workbook.properties.modified = FIXED_DATE
    workbook.properties.creator = "jixiao-disclosure"
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()  # not Workbook.save, which stamps `modified` with now
    return _repack(buffer.getvalue())
