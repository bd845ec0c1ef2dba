"""The XLSX data rows written by hand are byte for byte what openpyxl writes (issue 16)."""

from __future__ import annotations

import io
import sys
import zipfile

import pytest
from openpyxl import Workbook
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
    return xlsx._repack(buffer.getvalue(), [])


def test_hand_written_rows_equal_openpyxl_bytes() -> None:
    sheets: list[xlsx.Sheet] = [("项目", COLUMNS, ROWS), ("空表", COLUMNS, [])]
    assert xlsx.xlsx_bytes(sheets) == _openpyxl_only(sheets)


def test_record_columns_with_blanks_equal_openpyxl_bytes() -> None:
    row = tuple("" if i % 3 else ("x" if text else "1") for i, (_, text) in enumerate(RECORD_COLUMNS))
    sheets: list[xlsx.Sheet] = [("项目", RECORD_COLUMNS, [row, row])]
    assert xlsx.xlsx_bytes(sheets) == _openpyxl_only(sheets)


def test_column_letters_are_openpyxls() -> None:
    from openpyxl.utils import get_column_letter

    assert [xlsx.column_letter(n) for n in range(1, 800)] == [
        get_column_letter(n) for n in range(1, 800)]


def test_a_stored_package_is_used_without_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    sheets: list[xlsx.CellSheet] = [("项目", COLUMNS, [xlsx.row_cells(COLUMNS, r) for r in ROWS])]
    stored: dict[str, bytes] = {}
    store: xlsx.SkeletonStore = (stored.get, stored.__setitem__)
    monkeypatch.setattr(xlsx, "_SKELETONS", {})
    expected = xlsx.workbook_bytes(sheets, store)
    assert expected == xlsx.workbook_bytes(sheets)
    assert len(stored) == 1
    monkeypatch.setattr(xlsx, "_SKELETONS", {})  # a new build: only the store has it
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # importing openpyxl now fails
    assert xlsx.workbook_bytes(sheets, store) == expected
    name = next(iter(stored))
    stored[name] = b"not a zip"
    monkeypatch.setattr(xlsx, "_SKELETONS", {})
    with pytest.raises(ImportError):  # a stored package that is no zip is not used
        xlsx.workbook_bytes(sheets, store)
