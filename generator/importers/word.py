"""Word (.docx) documents: tables and the paragraphs between them, in document order.

python-docx repeats a merged cell's text in every grid cell it spans, so cells are read from
the underlying `<w:tc>` elements instead: a horizontal span is one cell with its `gridSpan`,
and the later rows of a vertical merge (`vMerge="continue"`) are blank, like the seed's text
layout, so the layout reader fills them down.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from generator.importers.grid import Cell, ImportProblem, Row


def read_rows(data: bytes) -> list[Row]:
    """Return every paragraph (as a one-cell row) and table row of the document, in order."""
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise ImportProblem("M101", "无法作为 Word 文档（.docx）打开。", None,
                            "旧版 .doc 文件请先用 Word 或 WPS 另存为 .docx。") from None
    rows: list[Row] = []
    tables = paragraphs = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            paragraphs += 1
            text = block.text.strip()
            if text:
                rows.append(Row((Cell(text, 0, 1, paragraphs, 1, f"Word 第 {paragraphs} 段"),)))
        else:
            tables += 1
            rows.extend(_table_rows(block, tables))
    return rows


def _table_rows(table: DocxTable, number: int) -> list[Row]:
    rows: list[Row] = []
    for r, row in enumerate(table.rows, start=1):
        col = row.grid_cols_before
        cells: list[Cell] = []
        # python-docx offers no public view of <w:tc>; the elements are the merge truth.
        for tc in row._tr.tc_lst:
            span = int(tc.grid_span)
            text = "" if tc.vMerge == "continue" else _text(tc, table)
            place = f"Word 第 {number} 个表格第 {r} 行第 {col + 1} 列"
            cells.append(Cell(text, col, span, r, col + 1, place))
            col += span
        rows.append(Row(tuple(cells)))
    return rows


def _text(tc: Any, table: DocxTable) -> str:
    return "\n".join(p.text for p in _Cell(tc, table).paragraphs).strip()
