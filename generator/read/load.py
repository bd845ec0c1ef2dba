"""Load record files: YAML → `Record` with a source map. Never raises for bad content."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.model.diagnostics import Diagnostic, Severity
from generator.model.record import (
    Correction,
    Evaluation,
    Funds,
    FundsReported,
    FundsRow,
    Goals,
    Indicator,
    Measure,
    MoreFundsRow,
    Positions,
    Record,
    Source,
    Total,
)
from generator.read.nodes import MappingNode, SequenceNode
from generator.read.schema import record_schema
from generator.read.schemawalk import Walk, walk
from generator.read.yamlread import MAX_BYTES, oversize, read_yaml


@dataclass(frozen=True)
class Loaded:
    """One file's outcome: the record when it is sound, and every diagnostic found."""

    path: str
    record: Record | None
    diagnostics: tuple[Diagnostic, ...]
    checked: tuple[tuple[Diagnostic, ...], Any] | None = field(default=None, compare=False)
    """The record-rule findings and score (a `scoring.RecordScore`, or None) worked out where
    the file was parsed (a loading worker, `read/parallel.py`), for `rules.check.check` to take
    instead of working them out again; None when not worked out yet."""


def load_bytes(data: bytes, path: str, *, fast: bool = True) -> Loaded:
    """Return the record in `data` (named `path` in diagnostics) or the errors preventing it.

    `fast=False` reads the YAML with the reference reader only (`yamlread.read_yaml`)."""
    read = read_yaml(data, path, fast=fast)
    if read.node is None:
        return Loaded(path, None, read.errors)
    w = Walk(path, record_schema())
    if not isinstance(read.node, MappingNode):
        kind = "列表" if isinstance(read.node, SequenceNode) else "单个值"
        error = Diagnostic("Y009", Severity.ERROR, path, read.node.line, read.node.column,
                           f"文件内容是{kind}，而一条记录应是键值映射（schema_version:、id: …）。",
                           hint="每个文件只放一张自评表，顶层写字段名和值。")
        return Loaded(path, None, (error,))
    data_tree = walk(read.node, record_schema(), w)
    if w.diagnostics:
        return Loaded(path, None, tuple(w.diagnostics))
    record = build_record(data_tree, path, w)
    return Loaded(path, record, ())


def load_file(file: Path, display: str | None = None, *, fast: bool = True) -> Loaded:
    """Load one record file; `display` is the path shown in diagnostics (`fast`: `load_bytes`)."""
    shown = display if display is not None else file.as_posix()
    refused = _refused(file)
    if refused is None:
        try:
            size = file.stat().st_size
            if size > MAX_BYTES:
                return Loaded(shown, None, (oversize(size, shown),))
            with file.open("rb") as handle:  # never more than the limit, whatever the file says
                return load_bytes(handle.read(MAX_BYTES + 1), shown, fast=fast)
        except OSError as exc:
            refused = f"无法读取文件：{exc.strerror or exc}。"
    error = Diagnostic("Y014", Severity.ERROR, shown, 1, 1, refused,
                       hint="请检查文件是否存在、是否有读取权限；记录须是普通文件，不能是符号链接。")
    return Loaded(shown, None, (error,))


def _refused(file: Path) -> str | None:
    """Return why `file` is not read: a link could expose any file of the machine in messages."""
    if file.is_symlink():
        return "文件是符号链接，出于安全不读取。"
    if file.exists() and not file.is_file():
        return "不是普通文件（目录、管道或设备），不读取。"
    return None


def build_record(data: dict[str, Any], path: str, w: Walk) -> Record:
    """Build the frozen model from schema-checked plain data."""
    funds = data["funds"]
    return Record(
        path=path,
        schema_version=data["schema_version"],
        id=data["id"],
        year=data["year"],
        title=data["title"],
        department=data["department"],
        implementer=data["implementer"],
        amount_unit=data["amount_unit"],
        funds=Funds(
            weight=funds["weight"],
            total=_row(funds["total"]),
            fiscal=_row(funds["fiscal"]),
            carryover=_row(funds["carryover"]),
            other=_row(funds["other"]),
            reported=FundsReported(funds["reported"]["rate"], funds["reported"]["score"]),
            more=tuple(MoreFundsRow(r["label"], r["initial"], r["budget"], r["executed"])
                       for r in funds.get("more") or []),
            labels=tuple((funds.get("labels") or {}).items()),
        ),
        goals=Goals(data["goals"]["planned"] or "", data["goals"]["achieved"] or ""),
        indicators=tuple(_indicator(item) for item in data["indicators"]),
        total=Total(data["total"]["weight"], data["total"]["score"], data["total"].get("grade")),
        notes=data.get("notes") or "",
        source=Source(data["source"]["document"], data["source"].get("file"),
                      data["source"].get("sha256"), data["source"].get("url")),
        profile=data.get("profile"),
        series=data.get("series"),
        corrections=tuple(Correction(c["date"], c["reason"]) for c in data.get("corrections") or []),
        evaluation=_evaluation(data.get("evaluation")),
        positions=Positions(w.positions),
    )


def _evaluation(data: dict[str, Any] | None) -> Evaluation | None:
    if data is None:
        return None
    return Evaluation(data.get("conclusion") or "", data.get("problems") or "",
                      data.get("measures") or "")


def _row(data: dict[str, Decimal | None]) -> FundsRow:
    return FundsRow(data["initial"], data["budget"], data["executed"])


def _cell(value: Any) -> str | Measure | None:
    if isinstance(value, dict):
        return Measure(value["op"], value["value"], value["unit"])
    return value if value is None else str(value)


def _indicator(item: dict[str, Any]) -> Indicator:
    return Indicator(
        level1=item["level1"],
        level2=item["level2"],
        name=item["name"],
        target=_cell(item["target"]),
        actual=_cell(item["actual"]),
        weight=item["weight"],
        score=item["score"],
        deviation=item.get("deviation") or "",
        method=item.get("method"),
    )


def display_path(path: Path, cwd: Path | None = None) -> str:
    """Return the path relative to the working directory (`cwd`, resolved, when the caller has
    it already) when it lies below it."""
    try:
        return path.resolve().relative_to(_resolved(os.getcwd()) if cwd is None else cwd).as_posix()
    except ValueError:
        return path.as_posix()


@lru_cache(maxsize=8)
def _resolved(folder: str) -> Path:
    """Return the folder resolved (the working directory, once per build, not once per file)."""
    return Path(folder).resolve()


def display_paths(files: Iterable[Path], cwd: Path | None = None) -> list[str]:
    """Return `display_path` of each file, resolving each folder once (not every file's whole
    path: a resolve is an lstat per component, thousands of system calls per build), and
    placing each folder relative to the working directory once (text joins per file)."""
    base = Path.cwd().resolve() if cwd is None else cwd
    folders: dict[str, str | None] = {}
    """Folder as given → its resolved path relative to `base` ('' for `base` itself), or None
    when it lies elsewhere."""
    shown = []
    for file in files:
        name = file.name
        text = str(file)
        if name in ("", ".", "..") or os.path.islink(text):
            shown.append(display_path(file, base))
            continue
        folder = text[:len(text) - len(name)]
        if folder not in folders:
            try:
                inside = file.parent.resolve().relative_to(base).as_posix()
                folders[folder] = "" if inside == "." else inside + "/"
            except ValueError:
                folders[folder] = None
        prefix = folders[folder]
        shown.append(file.as_posix() if prefix is None else prefix + name)
    return shown


def record_files(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """Return `discover(paths)`, each file with its `display_paths` name: the list `load_paths`
    loads, and the one the git history is read for (found once per build)."""
    files = discover(paths)
    return list(zip(files, display_paths(files), strict=True))


def load_paths(paths: list[Path], *, fast: bool = True) -> list[Loaded]:
    """Load every record file found under `paths`, in sorted order, named as `display_path` shows them.

    `fast=False` reads the YAML with the reference reader only (`load_bytes`)."""
    return [load_file(file, shown, fast=fast) for file, shown in record_files(paths)]


def discover(paths: Iterable[Path]) -> list[Path]:
    """Return the record files under the given paths (files as given, folders' *.yaml), sorted.

    A folder named `content` contributes its `records/` tree only, so `site.yaml` is never
    taken for a record. Folders are read with `os.scandir` (as `Path.rglob("*")` would walk
    them: hidden names included, linked folders not entered, a link to a file kept for the
    loader to refuse); the order is `Path`'s (by components).
    """
    found: dict[tuple[str, ...], Path] = {}
    for path in paths:
        if path.is_dir():
            base = path / "records" if (path / "records").is_dir() else path
            for parts, text in _yaml_files(str(base), base.parts):
                found.setdefault(parts, Path(text))
        else:
            found.setdefault(path.parts, path)
    return [found[parts] for parts in sorted(found)]


def _yaml_files(folder: str, parts: tuple[str, ...]) -> Iterable[tuple[tuple[str, ...], str]]:
    """Yield (path components, path) of every *.yaml/*.yml regular file (or link to one) below
    `folder`, whose components are `parts`."""
    try:
        with os.scandir(folder) as entries:
            listed = list(entries)
    except OSError:
        return  # as rglob: an unreadable folder contributes nothing
    for entry in listed:
        try:
            if entry.is_dir() and not entry.is_symlink():
                yield from _yaml_files(entry.path, (*parts, entry.name))
            elif _yaml_suffix(entry.name) and entry.is_file():
                yield (*parts, entry.name), entry.path
        except OSError:
            continue


def _yaml_suffix(name: str) -> bool:
    """Return whether `Path(name).suffix` is .yaml or .yml (a leading dot is no suffix)."""
    at = name.rfind(".")
    return 0 < at < len(name) - 1 and name[at:] in (".yaml", ".yml")
