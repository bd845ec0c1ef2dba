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


def write_text(out: TextIO, diagnostics: Sequence[Diagnostic], files: int, records: int,
               unlisted: Sequence[Diagnostic] = ()) -> None:
    """Print `Diagnostic.as_line` lines, then one summary line.

    `unlisted` (findings in files a pull request does not change) only count in the summary.
    """
    for d in diagnostics:
        out.write(d.as_line() + "\n")
    s = summary([*diagnostics, *unlisted], files, records)
    out.write(f"检查了 {s['files']} 个文件，{s['records']} 条记录可发布：{s['errors']} 个错误，"
              f"{s['warnings']} 个警告，{s['infos']} 个提示。\n")
    if unlisted:
        out.write(_unlisted_line(unlisted) + "\n")


def _unlisted_line(unlisted: Sequence[Diagnostic]) -> str:
    s = summary(unlisted, 0, 0)
    files = len({d.file for d in unlisted})
    return (f"其中 {s['warnings']} 个警告、{s['infos']} 个提示位于本次未改动的 {files} 个文件中，"
            "未逐条列出（不加 --changed-since 可查看全部）。")


def write_json(out: TextIO, diagnostics: Sequence[Diagnostic], files: int, records: int,
               unlisted: Sequence[Diagnostic] = ()) -> None:
    """Print `{"diagnostics": [...], "summary": {...}}` (record-format.md); lists everything."""
    everything = [*diagnostics, *unlisted]
    document = {"diagnostics": [d.to_dict() for d in everything],
                "summary": summary(everything, files, records)}
    out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_property(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(
        ":", "%3A").replace(",", "%2C")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_annotation(d: Diagnostic, level: str | None = None, title: str | None = None) -> str:
    """Return one workflow command (`::warning file=…,line=…::message`) for a diagnostic."""
    title = _escape_property(title or f"{d.code} {d.severity.label}")
    text = d.explained()
    return (f"::{level or _GITHUB_LEVEL[d.severity]} file={_escape_property(d.file)},"
            f"line={d.line},col={d.column},title={title}::{_escape_data(text)}")


def write_github(out: TextIO, diagnostics: Sequence[Diagnostic], files: int, records: int,
                 unlisted: Sequence[Diagnostic] = ()) -> None:
    """Print GitHub Actions workflow commands, one annotation per diagnostic.

    `unlisted` findings only count, in one notice (GitHub shows 10 annotations of a kind per
    step: those of the changed records must not be lost behind the others).
    """
    for d in diagnostics:
        out.write(github_annotation(d) + "\n")
    if unlisted:
        out.write(f"::notice title=未改动的记录::{_escape_data(_unlisted_line(unlisted))}\n")
    s = summary([*diagnostics, *unlisted], files, records)
    out.write(f"检查了 {s['files']} 个文件：{s['errors']} 个错误，{s['warnings']} 个警告，"
              f"{s['infos']} 个提示。\n")


WRITERS = {"text": write_text, "json": write_json, "github": write_github}
