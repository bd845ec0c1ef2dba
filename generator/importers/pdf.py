"""PDF with a text layer: the ruled tables of every page, and the text lines between them.

pdfplumber finds each table from its ruling lines and gives every cell its box; a merged box
is one cell spanning the columns it covers, and the grid positions a box from an upper row
covers become blank cells, like the later rows of a vertical merge in Word. The text of a cell
wrapped over several printed lines is joined back (no space between Chinese characters).

Tables continue across pages: all rows of the document form one stream that `split_tables`
cuts at titles; a header row repeated at the top of a page is dropped once it has been seen.
A page without any text but with an image is a scan: refused, never guessed. A row broken
across a page boundary is read as two rows and refused by the layout reader (not joined).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from typing import Any

import pdfplumber

from generator.importers.grid import Cell, ImportProblem, Row

MAX_PAGES = 300
"""Pages read from one PDF; a longer file is refused (a bound on time and memory)."""

_ASCII_WORD = re.compile(r"[A-Za-z]")
_PAGE_NUMBER = re.compile(r"^[-—－\s]*\d+[-—－\s]*$|^第\s*\d+\s*页([,，]?\s*共\s*\d+\s*页)?$"
                          r"|^\d+\s*/\s*\d+$")
"""Page numbers printed in the margin (- 2 -, 第 2 页, 2/5): not part of any table."""
HeaderTest = Callable[[Row], bool]


def read_rows(data: bytes, is_header: HeaderTest) -> list[Row]:
    """Return the text lines (one-cell rows) and table rows of every page, in reading order."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for broken or locked files
        raise _unopenable(exc) from None
    with pdf:
        try:
            pages = pdf.pages
        except Exception as exc:
            raise _unopenable(exc) from None
        if len(pages) > MAX_PAGES:
            where = Cell("", 0, 1, MAX_PAGES + 1, 1, f"PDF 第 {MAX_PAGES + 1} 页")
            raise ImportProblem("M112", f"PDF 共 {len(pages)} 页，超过上限 {MAX_PAGES} 页。", where,
                                "请把文件拆分为每份不超过上限的几个 PDF 再导入。")
        rows: list[Row] = []
        seen: set[tuple[str, ...]] = set()
        for number, page in enumerate(pages, start=1):
            try:
                page_rows = _page_rows(page, number)
            except ImportProblem:
                raise
            except Exception as exc:
                raise _unopenable(exc, number) from None
            rows.extend(_drop_repeated_headers(page_rows, seen, is_header))
        return rows


def _unopenable(exc: Exception, page: int | None = None) -> ImportProblem:
    text = f"{exc!r} {exc.__context__!r}".lower()  # pdfplumber wraps PDFPasswordIncorrect
    if "password" in text or "encrypt" in text:
        return ImportProblem("M101", "PDF 已加密（设有打开密码），无法读取。", None,
                             "请向发布单位索取未加密的文件，或用有权限的软件另存为未加密的 PDF。")
    where = f"第 {page} 页" if page else "文件"
    return ImportProblem("M101", f"无法作为 PDF 读取（{where}已损坏或不是 PDF）。", None,
                         "请确认文件完整，可用 PDF 阅读器打开后另存一次再导入。")


def _page_rows(page: Any, number: int) -> list[Row]:
    if not page.chars:
        if page.images:
            where = Cell("", 0, 1, number, 1, f"PDF 第 {number} 页")
            raise ImportProblem("M113", f"PDF 第 {number} 页是扫描图像，没有文字层。", where,
                                "本工具不做文字识别（OCR），也不猜测数字；请使用发布单位的"
                                "电子版（Word、Excel、带文字的 PDF 或网页）。")
        return []
    tables = page.find_tables()
    placed: list[tuple[float, list[Row]]] = []
    for index, table in enumerate(tables, start=1):
        placed.append((table.bbox[1], _table_rows(table, number, index)))
    boxes = [table.bbox for table in tables]
    outside = page.filter(lambda obj: obj.get("object_type") != "char"
                          or not any(_inside(obj, box) for box in boxes))
    for line in outside.extract_text_lines():
        text = line["text"].strip()
        if text and not _PAGE_NUMBER.match(text):
            cell = Cell(text, 0, 1, number, 1, f"PDF 第 {number} 页文字“{text[:12]}”")
            placed.append((line["top"], [Row((cell,))]))
    placed.sort(key=lambda item: item[0])
    return [row for _, rows in placed for row in rows]


def _inside(obj: dict[str, Any], box: Sequence[float]) -> bool:
    x = (float(obj["x0"]) + float(obj["x1"])) / 2
    y = (float(obj["top"]) + float(obj["bottom"])) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _table_rows(table: Any, page: int, index: int) -> list[Row]:
    grid = [row.cells for row in table.rows]
    texts = table.extract()
    starts = _column_starts(grid)
    rows: list[Row] = []
    for r, (boxes, values) in enumerate(zip(grid, texts, strict=True), start=1):
        cells: list[Cell] = []
        j = 0
        while j < len(boxes):
            box = boxes[j]
            span = 1
            if box is not None:
                while j + span < len(boxes) and boxes[j + span] is None \
                        and starts[j + span] < box[2] - 1:
                    span += 1
            text = join_lines(values[j] or "") if box is not None else ""
            place = f"PDF 第 {page} 页第 {index} 个表格第 {r} 行第 {j + 1} 列"
            cells.append(Cell(text, j, span, page, j + 1, place))
            j += span
        rows.append(Row(tuple(cells)))
    return rows


def _column_starts(grid: list[list[Any]]) -> list[float]:
    """Return the left edge of every grid column (from the cells that start there)."""
    width = max((len(row) for row in grid), default=0)
    starts = [float("inf")] * width
    for row in grid:
        for j, box in enumerate(row):
            if box is not None:
                starts[j] = min(starts[j], box[0])
    return starts


def join_lines(text: str) -> str:
    """Join a cell's printed lines: wrapped Chinese joins directly, wrapped words with a space."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    out = lines[0] if lines else ""
    for line in lines[1:]:
        both_words = _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(line[0])
        out += (" " if both_words else "") + line
    return out


def _drop_repeated_headers(rows: list[Row], seen: set[tuple[str, ...]],
                           is_header: HeaderTest) -> list[Row]:
    """Drop a header row printed again at the top of a page (Word's repeated header rows)."""
    kept: list[Row] = []
    table_rows = 0
    for row in rows:
        texts = tuple(c.text for c in row.filled())
        if is_header(row):
            if texts in seen and table_rows == 0:
                continue
            seen.add(texts)
        table_rows += len(row.cells) > 1
        kept.append(row)
    return kept
