"""Import many files at once: folders recursed, each file judged on its own.

A file is refused as a whole when any of its tables cannot be read, or when one of its records
collides with another file's (M109) or fails the record check (M111): nothing of a refused
file is written, and it never stops the other files.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.importers import READERS, Imported, import_file
from generator.importers.emit import RELATIVE_SCHEMA
from generator.importers.grid import file_diagnostic
from generator.importers.outputs import Planned, Status, plan
from generator.model.diagnostics import Diagnostic, Severity

FILE_CODES = frozenset({"M101", "M102", "M103", "M112", "M113", "M114", "M121"})
"""Codes about a file as a whole (no table of it could be read)."""
_LOCKS = ("~$", ".~lock", ".")
"""Office lock files and hidden files met in a folder are not sources."""

Shown = Callable[[Path], str]
Progress = Callable[[Sequence[Path]], Iterable[Path]]


@dataclass(frozen=True)
class FileResult:
    """What became of one source file."""

    shown: str
    statuses: tuple[Status, ...]
    """Status of each record planned from the file (empty when refused)."""
    refused: int
    """Tables of the file not imported (0 when the file could not be read at all)."""
    diagnostics: tuple[Diagnostic, ...]
    """Its errors (then nothing of it is written) and warnings."""

    @property
    def is_refused(self) -> bool:
        """Return True when an error kept every table of the file out."""
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    def count(self, status: Status) -> int:
        """Return how many of the file's records have `status`."""
        return sum(1 for s in self.statuses if s is status)


def sources(paths: Sequence[Path], shown: Shown) -> tuple[list[Path], list[Diagnostic]]:
    """Return the files named or found below the folders named (supported suffixes only).

    Folders are walked without following symbolic links; a link met inside is reported.
    """
    found: list[Path] = []
    problems: list[Diagnostic] = []
    seen: set[Path] = set()
    for path in paths:
        for file in _walk(path, shown, problems) if path.is_dir() else [path]:
            real = file.resolve()
            if real not in seen:
                seen.add(real)
                found.append(file)
    return found, problems


def _walk(folder: Path, shown: Shown, problems: list[Diagnostic]) -> list[Path]:
    files: list[Path] = []
    for top, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(top) / name
            if name.startswith(_LOCKS) or path.suffix.lower() not in READERS:
                continue
            if path.is_symlink():
                problems.append(file_diagnostic(
                    "M101", shown(path), "是符号链接，没有读取。",
                    "文件夹中只读取普通文件；请直接给出要导入的文件。"))
                continue
            files.append(path)
    return sorted(files)


def import_all(files: Sequence[Path], shown: Shown, out: Path, content: Path | None,
               progress: Progress, schema: str = RELATIVE_SCHEMA,
               ) -> tuple[list[Planned], list[FileResult]]:
    """Import every file; return the records to write and one result per file, in order.

    `schema` is the schema address written into new records (`outputs.plan`)."""
    imported: dict[str, Imported] = {}
    for file in progress(files):
        imported[shown(file)] = import_file(file, shown(file))
    blamed: dict[str, list[Diagnostic]] = {}
    accepted = [name for name, result in imported.items() if not errors_in(result.diagnostics)]
    while True:
        tables = [t for name in accepted for t in imported[name].tables]
        planned, problems = plan(tables, out, content, schema)
        if not problems:
            break
        for problem in problems:
            blamed.setdefault(problem.file, []).append(problem)
        accepted = [name for name in accepted if name not in blamed]
    results = [_result(name, result, planned, blamed.get(name, []))
               for name, result in imported.items()]
    return planned, results


def _result(name: str, result: Imported, planned: Sequence[Planned],
            blamed: list[Diagnostic]) -> FileResult:
    problems = (*result.diagnostics, *blamed)
    if errors_in(problems):
        per_table = sum(1 for d in errors_in(result.diagnostics) if d.code not in FILE_CODES)
        return FileResult(name, (), len(result.tables) + per_table, problems)
    statuses = tuple(p.status for p in planned if p.origin.file == name)
    return FileResult(name, statuses, 0, problems)  # warnings only (M127, M129, M130 …)


def errors_in(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Return the errors among the diagnostics: they refuse a file; warnings never do."""
    return [d for d in diagnostics if d.severity is Severity.ERROR]
