"""The XLSX data rows written by hand read back as what openpyxl writes, and a sheet put together
from parts deflated apart is a valid zip entry (issue 16)."""

from __future__ import annotations

import io
import itertools
import random
import re
import sys
import zipfile
import zlib

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.writer.excel import ExcelWriter

from generator.site import xlsx
from generator.site.datarows import RECORD_COLUMNS

COLUMNS = (("文本", True), ("数字", False))
ROWS = [(" 前导空格", "1.50"), ("a&b<c>d\"e'", ""), ("x\r\ny\tz", "10.00"), ("😀中文", "0.001"),
        ("", "123456789.123"), ("=1+2", "-5"), ("末尾空格 ", "1E+2"), ("]]>", "0")]


def _openpyxl_only(sheets: list[xlsx.Sheet]) -> bytes:
    """The former writer: every row through openpyxl, then the same fixed dates."""
    workbook = Workbook()
    xlsx._fill(workbook, sheets)
    workbook.properties.created = workbook.properties.modified = xlsx.FIXED_DATE
    workbook.properties.creator = "jixiao-disclosure"
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return buffer.getvalue()


def _cells(data: bytes) -> list[tuple[str, str | None, list[list[tuple[str, object, str]]]]]:
    """Every sheet as openpyxl reads it: title, frozen panes, each cell's place, value, type."""
    book = load_workbook(io.BytesIO(data))
    return [(sheet.title, sheet.freeze_panes,
             [[(c.coordinate, c.value, c.data_type) for c in row] for row in sheet.iter_rows()])
            for sheet in book.worksheets]


def _unnumbered(xml: str) -> str:
    """openpyxl's sheet XML without the data rows' references (row 1, the header, keeps them)."""
    xml = re.sub(r'<row r="(\d+)">', lambda m: m[0] if m[1] == "1" else "<row>", xml)
    return re.sub(r' r="[A-Z]+(\d+)"', lambda m: m[0] if m[1] == "1" else "", xml)


def _same_as_openpyxl(sheets: list[xlsx.Sheet]) -> None:
    ours, theirs = xlsx.xlsx_bytes(sheets), _openpyxl_only(sheets)
    assert _cells(ours) == _cells(theirs)
    with zipfile.ZipFile(io.BytesIO(ours)) as a, zipfile.ZipFile(io.BytesIO(theirs)) as b:
        assert a.testzip() is None  # every entry's CRC-32 and size hold
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            info = a.getinfo(name)
            assert (info.date_time, info.compress_type) == (xlsx.ZIP_DATE, zipfile.ZIP_DEFLATED)
            if name.startswith("xl/worksheets/"):  # blank numbers: openpyxl leaves them out
                assert a.read(name).decode().replace("<c/>", "") == _unnumbered(b.read(name).decode())
            else:
                assert a.read(name) == b.read(name), name


def test_hand_written_rows_read_as_openpyxls() -> None:
    one: tuple[tuple[str, bool], ...] = (("数字", False),)
    sheets: list[xlsx.Sheet] = [("项目", COLUMNS, list(ROWS)), ("空表", COLUMNS, []),
                                ("一列", one, [("1",), ("",), ("2.5",)])]
    _same_as_openpyxl(sheets)


def test_record_columns_with_blanks_read_as_openpyxls() -> None:
    row = tuple("" if i % 3 else ("x" if text else "1") for i, (_, text) in enumerate(RECORD_COLUMNS))
    _same_as_openpyxl([("项目", RECORD_COLUMNS, [row, row])])


def test_crc32_combine_is_zlibs() -> None:
    chance = random.Random(16)
    for _ in range(300):
        a, b = (chance.randbytes(chance.choice((0, 1, 7, 300, 5000))) for _ in range(2))
        assert xlsx.crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def test_a_sheet_from_many_parts_reads_as_one() -> None:
    rows = [xlsx.row_xml(COLUMNS, row) for row in ROWS * 50]
    cuts = [0, 1, 1, 90, 250, len(rows)]  # an empty part too
    parts = [xlsx.deflate_part("".join(rows[a:b]).encode("ascii"), b - a)
             for a, b in itertools.pairwise(cuts)]
    whole = xlsx.workbook_bytes([("项目", COLUMNS, rows)])
    pieced = xlsx.parts_workbook([("项目", COLUMNS, parts)])
    assert pieced != whole  # compressed apart, so other bytes …
    with zipfile.ZipFile(io.BytesIO(pieced)) as a, zipfile.ZipFile(io.BytesIO(whole)) as b:
        assert a.testzip() is None
        assert [a.read(n) for n in a.namelist()] == [b.read(n) for n in b.namelist()]  # … same XML
    assert _cells(pieced) == _cells(whole)
    assert len(_cells(pieced)[0][2]) == len(rows) + 1


def test_column_letters_are_openpyxls() -> None:
    from openpyxl.utils import get_column_letter

    assert [xlsx.column_letter(n) for n in range(1, 800)] == [
        get_column_letter(n) for n in range(1, 800)]


def test_a_stored_package_is_used_without_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    sheets: list[xlsx.RowSheet] = [("项目", COLUMNS, [xlsx.row_xml(COLUMNS, r) for r in ROWS])]
    stored: dict[str, bytes] = {}
    store: xlsx.SkeletonStore = (stored.get, stored.__setitem__)
    monkeypatch.setattr(xlsx, "_PACKAGES", {})
    expected = xlsx.workbook_bytes(sheets, store)
    assert expected == xlsx.workbook_bytes(sheets)
    assert len(stored) == 1
    monkeypatch.setattr(xlsx, "_PACKAGES", {})  # a new build: only the store has it
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # importing openpyxl now fails
    assert xlsx.workbook_bytes(sheets, store) == expected
    name = next(iter(stored))
    stored[name] = b"not a zip"
    monkeypatch.setattr(xlsx, "_PACKAGES", {})
    with pytest.raises(ImportError):  # a stored package that is no zip is not used
        xlsx.workbook_bytes(sheets, store)
