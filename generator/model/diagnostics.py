"""Problems as values: every stage yields `Diagnostic`s; only the CLI turns them into exit codes.

This module imports nothing of the package, so every other module may use it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field


class Severity(enum.Enum):
    """How bad a problem is: errors stop publication, warnings and infos are findings."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """Return the Chinese label shown to users."""
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        """Return a sort rank: errors first."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in one file, pointing at the offending key or value."""

    code: str
    """Stable rule code, a letter and three digits (e.g. `F102`)."""
    severity: Severity
    file: str
    """Path of the file, relative to the repository (or as given)."""
    line: int
    """Line from 1."""
    column: int
    """Column from 1."""
    message: str
    """Chinese message stating the facts with the values involved."""
    pointer: str = ""
    """Location in the record, e.g. `indicators[2].score`; empty for the whole file."""
    hint: str = ""
    """Chinese hint: what to do about it."""
    expected: str | None = None
    actual: str | None = None
    extra: tuple[tuple[str, str], ...] = field(default=())
    """Further named values (e.g. `difference`), in a stable order."""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Return the key that orders diagnostics by file, position and code."""
        return (self.file, self.line, self.column, self.code, self.pointer)

    def explained(self) -> str:
        """Return the message followed by the hint, if any: `message 提示：hint`."""
        return self.message + (f" 提示：{self.hint}" if self.hint else "")

    def as_line(self) -> str:
        """Return the one line every text output shows: `file:line:col: severity CODE message 提示：hint`."""
        return f"{self.file}:{self.line}:{self.column}: {self.severity.value} {self.code} {self.explained()}"

    def to_dict(self) -> dict[str, object]:
        """Return the JSON shape promised in docs (record-format.md)."""
        out: dict[str, object] = {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "pointer": self.pointer,
            "message": self.message,
        }
        if self.hint:
            out["hint"] = self.hint
        if self.expected is not None:
            out["expected"] = self.expected
        if self.actual is not None:
            out["actual"] = self.actual
        for key, value in self.extra:
            out[key] = value
        return out


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Return diagnostics in a deterministic order."""
    return sorted(diagnostics, key=Diagnostic.sort_key)


def count(diagnostics: Iterable[Diagnostic], severity: Severity) -> int:
    """Return how many diagnostics have the given severity."""
    return sum(1 for d in diagnostics if d.severity is severity)
