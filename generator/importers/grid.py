"""Source-neutral tables: every reader turns its file into rows of cells placed on a grid.

Readers (text, Word, Excel) only say where each cell is; the layout readers (`table.py`)
interpret the cells without knowing which kind of file they came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from generator.importers.labels import key
from generator.model.diagnostics import Diagnostic, Severity

TITLE = "项目支出绩效自评表"
"""Every table starts with this title (national template, 财预〔2020〕10号)."""
TITLES = (TITLE, "绩效目标自评表")
"""Titles that start a table: the national one (also within 部门预算项目支出绩效自评表, Sichuan)
and the 衔接资金（项目）绩效目标自评表."""


@dataclass(frozen=True)
class Cell:
    """One logical cell: a merged range counts once, with the grid columns it spans."""

    text: str
    """The printed text, stripped; "" for blank cells and later rows of a vertical merge."""
    col: int
    """First grid column, from 0."""
    span: int
    """Number of grid columns covered."""
    line: int
    """Line (text), row (Excel sheet) or row (Word table) in the source, from 1."""
    column: int
    """Column in the source, from 1."""
    place: str
    """Where the cell is in the source, in Chinese, e.g. 工作表“Sheet1”C12."""


@dataclass(frozen=True)
class Row:
    """One row of a table; `number` counts rows of one self-evaluation table from its title."""

    cells: tuple[Cell, ...]
    number: int = 0

    @property
    def blank(self) -> bool:
        """Return True when no cell holds text."""
        return all(not c.text for c in self.cells)

    def filled(self) -> list[Cell]:
        """Return the cells holding text, in order."""
        return [c for c in self.cells if c.text]

    def at(self, col: int) -> Cell | None:
        """Return the cell covering grid column `col`, if any."""
        return next((c for c in self.cells if c.col <= col < c.col + c.span), None)

    def text_at(self, col: int) -> str:
        """Return the text of the cell covering `col` ("" when there is none)."""
        cell = self.at(col)
        return cell.text if cell else ""

    def find(self, *labels: str) -> Cell | None:
        """Return the first cell whose text is one of `labels` once both are `labels.key`ed."""
        wanted = {key(label) for label in labels}
        return next((c for c in self.cells if key(c.text) in wanted), None)


@dataclass(frozen=True)
class Table:
    """One self-evaluation table: its title row first, then every row up to the next title."""

    number: int
    """Ordinal of the table in its source file, from 1."""
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Notice:
    """Something a reader left out on purpose (a hidden sheet, hidden rows): a warning."""

    code: str
    message: str
    where: Cell | None = None
    hint: str = ""


class Sections(list[list[Row]]):
    """Rows per section (an Excel sheet, a whole document), with the reader's notices.

    A plain list for readers that have nothing to report; `import_file` reads `notices`.
    """

    def __init__(self, rows: Iterable[list[Row]] = (), notices: Iterable[Notice] = ()) -> None:
        super().__init__(rows)
        self.notices = tuple(notices)


class ImportProblem(Exception):
    """A table the importer cannot read without guessing; becomes an M1xx diagnostic."""

    def __init__(self, code: str, message: str, where: Row | Cell | None, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.where = where
        self.hint = hint


_FOLD = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ","})


def norm(text: str) -> str:
    """Return the text without whitespace and with full-width brackets and colons folded."""
    return re.sub(r"\s+", "", text).translate(_FOLD)


def is_title(row: Row) -> bool:
    """Return True for the title row: one short cell naming the table (any of TITLES)."""
    filled = row.filled()
    return (len(filled) == 1 and any(t in norm(filled[0].text) for t in TITLES)
            and len(filled[0].text) <= 40)


def split_tables(rows: Iterable[Row]) -> list[Table]:
    """Cut a stream of rows into tables at every title row; rows before the first are dropped."""
    groups: list[list[Row]] = []
    for row in rows:
        # A heading paragraph above a table that repeats the title in its first row is one table.
        if is_title(row) and not (groups and all(len(r.filled()) <= 1 for r in groups[-1])):
            groups.append([])
        if groups:
            groups[-1].append(replace(row, number=len(groups[-1]) + 1))
    return [Table(i, tuple(group)) for i, group in enumerate(groups, start=1)]


def locate(table: Table, where: Row | Cell | None) -> tuple[str, int, int]:
    """Return the Chinese location text and the line and column of a problem."""
    if isinstance(where, Cell):
        row = next((r for r in table.rows if any(c is where for c in r.cells)), None)
        index = next(i for i, c in enumerate(row.cells, 1) if c is where) if row else 0
        number = row.number if row else 0
        return (f"第 {table.number} 张表第 {number} 行第 {index} 格（{where.place}）",
                where.line, where.column)
    if isinstance(where, Row) and where.cells:
        first = where.cells[0]
        return (f"第 {table.number} 张表第 {where.number} 行（{first.place}）",
                first.line, first.column)
    first_cell = table.rows[0].cells[0]
    return f"第 {table.number} 张表（{first_cell.place}）", first_cell.line, first_cell.column


def problem_diagnostic(problem: ImportProblem, table: Table, file: str) -> Diagnostic:
    """Turn a problem found in `table` into an error naming table, row and cell."""
    text, line, column = locate(table, problem.where)
    return Diagnostic(problem.code, Severity.ERROR, file, line, column,
                      f"{text}：{problem.message}", hint=problem.hint)


def file_diagnostic(code: str, file: str, message: str, hint: str = "",
                    line: int = 1, column: int = 1) -> Diagnostic:
    """Return an error about the source file as a whole."""
    return Diagnostic(code, Severity.ERROR, file, line, column, message, hint=hint)


def notice_diagnostic(notice: Notice, file: str) -> Diagnostic:
    """Return the warning for a notice, at its cell when it has one."""
    line, column = (notice.where.line, notice.where.column) if notice.where else (1, 1)
    return Diagnostic(notice.code, Severity.WARNING, file, line, column, notice.message,
                      hint=notice.hint)


def texts(cells: Sequence[Cell]) -> str:
    """Return the texts of cells joined by a space, for messages."""
    return " ".join(c.text for c in cells if c.text)


class Cursor:
    """Walk the non-blank rows of one table, block by block."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self._rows = [row for row in table.rows if not row.blank]
        self._next = 0

    def peek(self) -> Row | None:
        """Return the next row without taking it."""
        return self._rows[self._next] if self._next < len(self._rows) else None

    def take(self) -> Row:
        """Return the next row and move past it (call only after `peek` gave a row)."""
        row = self._rows[self._next]
        self._next += 1
        return row

    def last(self) -> Row:
        """Return the last row taken (or the title row), for errors about something missing."""
        return self._rows[max(self._next - 1, 0)]
