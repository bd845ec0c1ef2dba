"""Bounds on the work one source file may cause, and the checks that enforce them.

A published self-evaluation table is a few kilobytes and a few dozen rows; a workbook of a
whole province is a few megabytes. The bounds below are far above that and far below what
would exhaust memory or time, so a hostile or broken file is refused at a named place
(M121 bytes, M122 rows/columns/cells) instead of running for minutes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from generator.importers.grid import Cell, ImportProblem

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest source file read at all."""
MAX_PART_BYTES = 32 * 1024 * 1024
"""Largest uncompressed part of a .docx/.xlsx package (the document, one sheet, the strings)."""
MAX_PACKAGE_BYTES = 96 * 1024 * 1024
"""Largest total of the uncompressed parts read from one package."""
MAX_ROWS = 20_000
"""Rows per Excel sheet (row number of the last cell holding text) and per Word document."""
MAX_COLUMNS = 200
"""Grid columns per row (Excel column number of a cell holding text; Word grid columns)."""
MAX_CELLS = 400_000
"""Cells handed to the layout readers per file (blank cells inside a row included)."""
MAX_ELEMENTS = 1_500_000
"""XML elements of a part parsed whole (a Word document, styles): bounds the parsed tree."""
MAX_SECONDS = 120.0
"""Wall-clock time a reader may spend on one file: a last guard, never reached within the
bounds above on any machine that runs the rest of the suite (`make bench` measures it)."""
MAX_STRINGS = 1_000_000
"""Entries of an Excel shared-string table."""


def mib(size: int) -> str:
    """Return a byte count in MiB for messages (one decimal)."""
    return f"{size / 1024 / 1024:.1f} MiB"


def too_big(what: str, size: int, limit: int) -> ImportProblem:
    """Return the M121 problem for `what` holding `size` bytes above `limit`."""
    return ImportProblem("M121", f"{what}解压后有 {mib(size)}，超过上限 {mib(limit)}。", None,
                         "请确认文件是否正确；正常的自评表文件远小于此。")


def check_rows(row: int, where: Cell, what: str) -> None:
    """Raise M122 when a row number passes MAX_ROWS."""
    if row > MAX_ROWS:
        raise ImportProblem("M122", f"{what}第 {row} 行有内容，超过行数上限 {MAX_ROWS}。", where,
                            "请删去表格以外的内容，或把文件拆成几个再导入。")


def check_columns(column: int, where: Cell, what: str) -> None:
    """Raise M122 when a column number passes MAX_COLUMNS."""
    if column > MAX_COLUMNS:
        raise ImportProblem("M122", f"{what}第 {column} 列有内容，超过列数上限 {MAX_COLUMNS}。",
                            where, "请删去表格以外的内容后再导入。")


class CellBudget:
    """Counts the cells a reader hands on; raises M122 past MAX_CELLS."""

    def __init__(self) -> None:
        self.used = 0

    def spend(self, count: int, where: Cell) -> None:
        """Account for `count` more cells, the last of them `where`."""
        self.used += count
        if self.used > MAX_CELLS:
            raise ImportProblem("M122", f"单元格总数超过上限 {MAX_CELLS}（到 {where.place} 为止）。",
                                where, "请删去表格以外的内容，或把文件拆成几个再导入。")


_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("import_deadline", default=None)
"""(deadline on the monotonic clock, seconds allowed) of the file being read."""


@contextmanager
def time_limit(seconds: float | None = None) -> Iterator[None]:
    """Give the readers inside the block `seconds` (default MAX_SECONDS) of wall-clock time."""
    allowed = MAX_SECONDS if seconds is None else seconds
    token = _DEADLINE.set((time.monotonic() + allowed, allowed))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_time(where: Cell) -> None:
    """Raise M122 naming `where` once the reader has used up its time."""
    limit = _DEADLINE.get()
    if limit is not None and time.monotonic() >= limit[0]:
        raise ImportProblem("M122", f"读到 {where.place} 时已超过时间上限 {limit[1]:g} 秒，导入中止。",
                            where, "文件过于庞大或结构异常；请删去表格以外的内容，或把文件拆成几个再导入。")
