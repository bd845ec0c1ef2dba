"""Reporters: text, json and github. They format and print; they decide nothing."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from generator.model.diagnostics import Diagnostic, Severity


def summary(diagnostics: Sequence[Diagnostic], files: int, records: int) -> dict[str, int]:
    """Return the counts shown after the list and in the JSON `summary`."""
    return {
        "files": files,
        "records": records,
        "errors": sum(1 for d in diagnostics if d.severity is Severity.ERROR),
        "warnings": sum(1 for d in diagnostics if d.severity is Severity.WARNING),
        "infos": sum(1 for d in diagnostics if d.severity is Severity.INFO),
    }


def write_text(out: TextIO, diagnostics: Sequence[Diagnostic], files: int, records: int) -> None:
    """Print `Diagnostic.as_line` lines, then one summary line."""
    for d in diagnostics:
        out.write(d.as_line() + "\n")
    s = summary(diagnostics, files, records)
    out.write(f"检查了 {s['files']} 个文件，{s['records']} 条记录可发布：{s['errors']} 个错误，"
              f"{s['warnings']} 个警告，{s['infos']} 个提示。\n")


def write_json(out: TextIO, diagnostics: Sequence[Diagnostic], files: int, records: int) -> None:
    """Print `{"diagnostics": [...], "summary": {...}}` (record-format.md)."""
    document = {"diagnostics": [d.to_dict() for d in diagnostics],
                "summary": summary(diagnostics, files, records)}
    out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_property(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(
        ":", "%3A").replace(",", "%2C")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def write_github(out: TextIO, diagnostics: Sequence[Diagnostic], files: int, records: int) -> None:
    """Print GitHub Actions workflow commands, one annotation per diagnostic."""
    for d in diagnostics:
        title = _escape_property(f"{d.code} {d.severity.label}")
        out.write(f"::{_GITHUB_LEVEL[d.severity]} file={_escape_property(d.file)},line={d.line},"
                  f"col={d.column},title={title}::{_escape_data(d.explained())}\n")
    s = summary(diagnostics, files, records)
    out.write(f"检查了 {s['files']} 个文件：{s['errors']} 个错误，{s['warnings']} 个警告，"
              f"{s['infos']} 个提示。\n")


WRITERS = {"text": write_text, "json": write_json, "github": write_github}
