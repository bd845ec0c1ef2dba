"""Write XLSX workbooks, byte for byte reproducible.

openpyxl writes the package (workbook, styles, the sheets' header rows); the data rows are
serialised here (inline strings, numbers as `%.16g`, as openpyxl writes them) without row or
cell references: ECMA-376 makes `r` optional, and Office's notes on it (MS-OI29500, `c`) place
a cell without one in the column after the cell before it (a blank number is an empty `<c/>`),
a row after the row before it; openpyxl and LibreOffice read them so (tests/web/test_xlsx_rows.py).
Rows without a number can be reused wherever they land, so a sheet is put together from parts
deflated apart (`SheetPart`): a year's rows are compressed once and spliced, as they are, into
its year's workbook and the workbook of all years (issue 16). openpyxl stamps the workbook's
created and modified dates and every zip entry with the clock; both are fixed here so two
builds of the same records give the same bytes.
"""

from __future__ import annotations

import datetime
import importlib.util
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
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
RowSheet = tuple[str, tuple[tuple[str, bool], ...], Sequence[str]]
"""(sheet title, columns, rows already serialised by `row_xml`)."""
PartSheet = tuple[str, tuple[tuple[str, bool], ...], Sequence["SheetPart"]]
"""(sheet title, columns, its data rows as deflated parts, in order)."""


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
    """Return one cell's XML, without a reference; `<c/>` for a blank number.

    Cached by the exact text: figures, units and level names recur in every record.
    """
    if text:
        if value == "":
            return '<c t="inlineStr"></c>'
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'<c t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>'
    if value == "":
        return "<c/>"  # blank, and keeps the cells after it in their columns
    return f'<c t="n"><v>{format(float(Decimal(value)), ".16g")}</v></c>'


def row_xml(columns: tuple[tuple[str, bool], ...], row: tuple[str, ...]) -> str:
    """Return a data row's XML, without references: the same text wherever the row lands, so a
    row listed in several workbooks (a record's in its year's and in all years') is serialised
    once."""
    return "<row>" + "".join(_cell(value, text)
                             for value, (_, text) in zip(row, columns, strict=True)) + "</row>"


DEFLATE_LEVEL = zlib.Z_DEFAULT_COMPRESSION
"""What `zipfile` uses for ZIP_DEFLATED."""


@dataclass(frozen=True)
class SheetPart:
    """Consecutive data rows of a sheet, deflated on their own (`deflate_part`)."""

    rows: int
    size: int
    """Bytes of XML."""
    crc: int
    """CRC-32 of the XML."""
    data: bytes
    """Raw deflate ending on a byte boundary without a final block (`Z_SYNC_FLUSH`): parts
    follow one another in a zip entry's stream as they are."""


def deflate_part(xml: bytes, rows: int) -> SheetPart:
    """Return the data rows `xml` (`row_xml`s) as a part of a sheet's stream."""
    packer = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
    data = packer.compress(xml) + packer.flush(zlib.Z_SYNC_FLUSH)
    return SheetPart(rows, len(xml), zlib.crc32(xml), data)


def _multiply(a: int, b: int) -> int:
    """Return a·b modulo the CRC-32 polynomial (zlib's `multmodp`, reflected bits)."""
    m, p = 1 << 31, 0
    while True:
        if a & m:
            p ^= b
            if a & (m - 1) == 0:
                return p
        m >>= 1
        b = (b >> 1) ^ 0xEDB88320 if b & 1 else b >> 1


def _powers() -> tuple[int, ...]:
    table = [1 << 30]  # x^1
    for _ in range(31):
        table.append(_multiply(table[-1], table[-1]))
    return tuple(table)


_X2N = _powers()
"""x^(2^k) modulo the polynomial."""


def crc32_combine(first: int, second: int, length: int) -> int:
    """Return the CRC-32 of A + B from A's CRC, B's CRC and B's length (zlib's
    `crc32_combine`, which Python does not expose)."""
    p, n, k = 1 << 31, length, 3  # x^0; the length in bits is `length` · 2^3
    while n:
        if n & 1:
            p = _multiply(_X2N[k & 31], p)
        n >>= 1
        k += 1
    return _multiply(p, first) ^ second


@dataclass(frozen=True)
class _Package:
    """openpyxl's package of header-only sheets, ready to be put together with data rows."""

    entries: tuple[tuple[str, int, int, bytes] | int, ...]
    """Each entry as (name, CRC-32, size, deflated), or a sheet's index into `sheets`."""
    sheets: tuple[tuple[str, str, str, str], ...]
    """Each sheet as (entry name, its XML before the data rows, after them, its last column)."""


def _package(data: bytes, count: int) -> _Package:
    entries: list[tuple[str, int, int, bytes] | int] = []
    sheets: list[tuple[str, str, str, str]] = []
    names = {f"xl/worksheets/sheet{number}.xml": number for number in range(1, count + 1)}
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename in names:
                xml = content.decode("ascii")
                found = re.search(r'<dimension ref="A1:([A-Z]+)1"/>', xml)
                head, tail = xml.split("</sheetData>", 1)
                if found is None or "<sheetData>" not in head:
                    raise ValueError(f"unexpected worksheet from openpyxl: {info.filename}")
                entries.append(len(sheets))
                sheets.append((info.filename, head, "</sheetData>" + tail, found.group(1)))
            else:
                entries.append((info.filename, zlib.crc32(content), len(content), _deflate(content)))
    return _Package(tuple(entries), tuple(sheets))


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(zlib.Z_FINISH)


def _sheet_entry(head: str, last: str, parts: Sequence[SheetPart],
                 tail: str) -> tuple[int, int, list[bytes]]:
    """Return (CRC-32, size, deflated pieces) of a sheet: its head, the parts, its tail."""
    rows = sum(part.rows for part in parts)
    if rows:
        head = head.replace(f'<dimension ref="A1:{last}1"/>',
                            f'<dimension ref="A1:{last}{rows + 1}"/>', 1)
    first = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
    opening = head.encode("ascii")
    closing = tail.encode("ascii")
    pieces = [first.compress(opening) + first.flush(zlib.Z_SYNC_FLUSH)]
    crc, size = zlib.crc32(opening), len(opening)
    for part in parts:
        if part.size:
            pieces.append(part.data)
            crc, size = crc32_combine(crc, part.crc, part.size), size + part.size
    pieces.append(_deflate(closing))
    return crc32_combine(crc, zlib.crc32(closing), len(closing)), size + len(closing), pieces


_DOS_DATE = (ZIP_DATE[0] - 1980) << 9 | ZIP_DATE[1] << 5 | ZIP_DATE[2]
_DOS_TIME = ZIP_DATE[3] << 11 | ZIP_DATE[4] << 5 | ZIP_DATE[5] // 2


def _zip(entries: Sequence[tuple[str, int, int, list[bytes]]]) -> bytes:
    """Return a zip of deflated entries (name, CRC-32, size, deflated pieces), every entry
    dated `ZIP_DATE`, read and write for its owner only, as `zipfile` writes them."""
    out: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name, crc, size, pieces in entries:
        packed = sum(len(piece) for piece in pieces)
        if max(size, packed, offset) >= 0xFFFFFFFF:
            raise ValueError(f"{name}: too large for a zip without ZIP64")
        raw = name.encode("ascii")
        fields = struct.pack("<HHHHHIIIHH", 20, 0, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE,
                             crc, packed, size, len(raw), 0)
        out.extend((b"PK\x03\x04", fields, raw, *pieces))
        directory.append(b"PK\x01\x02" + struct.pack("<H", 3 << 8 | 20) + fields
                         + struct.pack("<HHHII", 0, 0, 0, 0o600 << 16, offset) + raw)
        offset += 4 + len(fields) + len(raw) + packed
    listing = b"".join(directory)
    end = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(entries), len(entries),
                                      len(listing), offset, 0)
    return b"".join(out) + listing + end


def parts_workbook(sheets: Sequence[PartSheet], store: SkeletonStore | None = None) -> bytes:
    """Return the workbook of sheets whose data rows come as deflated parts, as reproducible
    XLSX (`store`: see `_skeleton`)."""
    spec = [(title, columns) for title, columns, _ in sheets]
    package = _packaged(spec, store)
    entries: list[tuple[str, int, int, list[bytes]]] = []
    for entry in package.entries:
        if isinstance(entry, int):
            name, head, tail, last = package.sheets[entry]
            entries.append((name, *_sheet_entry(head, last, sheets[entry][2], tail)))
        else:
            name, crc, size, data = entry
            entries.append((name, crc, size, [data]))
    return _zip(entries)


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """Return the workbook of the given sheets as reproducible XLSX bytes."""
    return workbook_bytes([(title, columns, [row_xml(columns, row) for row in rows])
                           for title, columns, rows in sheets])


def workbook_bytes(sheets: Sequence[RowSheet], store: SkeletonStore | None = None) -> bytes:
    """Return the workbook of sheets whose rows `row_xml` serialised, as reproducible XLSX."""
    return parts_workbook([(title, columns, [deflate_part("".join(rows).encode("ascii"), len(rows))])
                           for title, columns, rows in sheets], store)


SkeletonStore = tuple[Callable[[str], bytes | None], Callable[[str, bytes], object]]
"""(get, put) of stored workbook packages by a name (`parts_workbook`)."""
_PACKAGES: dict[str, _Package] = {}


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


def _packaged(spec: Sequence[tuple[str, tuple[tuple[str, bool], ...]]],
              store: SkeletonStore | None) -> _Package:
    """Return the package openpyxl writes for the sheets with their header rows only.

    It depends on the sheets' titles and columns alone, so it is made once per build (and,
    through `store`, kept between builds: a build whose package is stored never imports
    openpyxl; a stored package that cannot be read is made again)."""
    name = skeleton_name(spec)
    found = _PACKAGES.get(name)
    if found is None and store is not None:
        data = store[0](name)
        if data is not None:
            try:
                found = _package(data, len(spec))
            except (ValueError, KeyError, EOFError, OSError, zipfile.BadZipFile, zlib.error):
                found = None
    if found is None:
        data = _openpyxl_package(spec)
        found = _package(data, len(spec))
        if store is not None:
            store[1](name, data)
    _PACKAGES[name] = found
    return found


def _openpyxl_package(spec: Sequence[tuple[str, tuple[tuple[str, bool], ...]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    _fill(workbook, [(title, columns, []) for title, columns in spec])
    workbook.properties.created = FIXED_DATE
    workbook.properties.modified = FIXED_DATE
    workbook.properties.creator = "jixiao-disclosure"
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()  # not Workbook.save, which stamps `modified` with now
    return buffer.getvalue()
