"""Importers: published tables (PDF, Word, Excel, web pages, the seed's text) become records.

Each source format has a reader module turning the file into rows of cells (`text`, `word`,
`excel`, `pdf`, `html`; `legacy` converts .doc/.xls first); `table.read_table` interprets the
rows of one table in any of them; `folder` imports many files, each judged on its own. Problems come
back as M1xx diagnostics naming the table, row and cell; nothing here prints or guesses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.importers import html, legacy, text, word
from generator.importers.grid import (
    Cell,
    ImportProblem,
    Row,
    Table,
    file_diagnostic,
    notice_diagnostic,
    problem_diagnostic,
    split_tables,
)
from generator.importers.head import is_funds_header
from generator.importers.indicator_block import is_indicator_header
from generator.importers.limits import MAX_FILE_BYTES, mib, time_limit
from generator.importers.table import SourceFile, read_table
from generator.model.diagnostics import Diagnostic

Reader = Callable[[bytes], list[list[Row]]]


def _excel(data: bytes) -> list[list[Row]]:
    # Imported when read: openpyxl and pdfplumber cost every command (build too) a second.
    from generator.importers import excel

    return excel.read_sections(data)


def _pdf(data: bytes) -> list[list[Row]]:
    from generator.importers import pdf

    return [pdf.read_rows(data, _is_header)]

READERS: dict[str, Reader] = {
    ".txt": lambda data: [text.read_rows(data)],
    ".docx": word.read_sections,
    ".xlsx": _excel,
    ".pdf": _pdf,
    ".html": lambda data: [html.read_rows(data)],
    ".htm": lambda data: [html.read_rows(data)],
    ".doc": lambda data: word.read_sections(legacy.convert(data, ".doc")),
    ".wps": lambda data: word.read_sections(legacy.convert(data, ".wps")),
    ".xls": lambda data: _excel(legacy.convert(data, ".xls")),
    ".et": lambda data: _excel(legacy.convert(data, ".et")),
}
"""Readers by file suffix; each returns rows per section (an Excel sheet, a whole document)."""


def _is_header(row: Row) -> bool:
    return is_indicator_header(row) or is_funds_header(row)


@dataclass(frozen=True)
class ImportedTable:
    """One record read from a source, with where its table starts (for later diagnostics)."""

    record: dict[str, Any]
    file: str
    table: int
    line: int
    column: int


@dataclass(frozen=True)
class Imported:
    """The outcome of importing one source file."""

    tables: tuple[ImportedTable, ...]
    diagnostics: tuple[Diagnostic, ...]


def import_file(path: Path, shown: str) -> Imported:
    """Read every table of a source file; `shown` names the file in diagnostics."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return Imported((), (file_diagnostic(
            "M102", shown, f"不支持的文件类型“{path.suffix or path.name}”。",
            "支持：.txt（种子文本格式）、.docx、.doc、.wps、.xlsx、.xls、.et、.pdf（带文字层）、"
            ".html、.htm。"),))
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise too_big_file(size)
        with path.open("rb") as source:
            data = source.read(MAX_FILE_BYTES + 1)  # a file growing meanwhile is still bounded
        if len(data) > MAX_FILE_BYTES:
            raise too_big_file(len(data))
        with time_limit():
            sections = reader(data)
    except OSError as exc:
        message = f"无法读取文件：{exc.strerror or exc}。"
        return Imported((), (file_diagnostic("M101", shown, message),))
    except ImportProblem as problem:
        return Imported((), (_file_problem(problem, shown),))
    notices = tuple(notice_diagnostic(n, shown) for n in getattr(sections, "notices", ()))
    tables = _number([t for rows in sections for t in split_tables(rows)])
    if not tables:
        return Imported((), (*notices, file_diagnostic(
            "M103", shown, "文件中找不到“项目支出绩效自评表”。",
            "每张表应以标题“项目支出绩效自评表”开头（可以在表格内，也可以是表格上方的一段文字）。"),))
    read = _read_all(tables, SourceFile(path.name, hashlib.sha256(data).hexdigest()), shown)
    return Imported(read.tables, (*notices, *read.diagnostics))


def too_big_file(size: int) -> ImportProblem:
    """Return the M121 problem for a source file too large to read at all."""
    return ImportProblem("M121", f"文件有 {mib(size)}，超过上限 {mib(MAX_FILE_BYTES)}。", None,
                         "正常的自评表文件远小于此；请确认选对了文件。")


def _number(tables: list[Table]) -> list[Table]:
    return [replace(t, number=i) for i, t in enumerate(tables, start=1)]


def _read_all(tables: list[Table], source: SourceFile, shown: str) -> Imported:
    found: list[ImportedTable] = []
    problems: list[Diagnostic] = []
    for table in tables:
        start = table.rows[0].filled()[0]
        try:
            record = read_table(table, source)
        except ImportProblem as problem:
            problems.append(problem_diagnostic(problem, table, shown))
            continue
        found.append(ImportedTable(record, shown, table.number, start.line, start.column))
    return Imported(tuple(found), tuple(problems))


def _file_problem(problem: ImportProblem, shown: str) -> Diagnostic:
    where = problem.where
    if isinstance(where, Cell):
        return file_diagnostic(problem.code, shown, problem.message, problem.hint,
                               where.line, where.column)
    return file_diagnostic(problem.code, shown, problem.message, problem.hint)
