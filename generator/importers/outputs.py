"""Where imported records go, under which id, and what writing them would change.

Ids: a record already in the output folder with the same year, 主管部门 and 项目名称 keeps its
id and file (so human-chosen ids such as `2021-cj-coal-network-ops` survive a re-import); a
record with the same key in the published content folder (`--content`, default `content/`)
lends its id, so importing a published table anywhere yields the very record of `content/`;
otherwise the id is generated (`ids.py`: 8 hex digits, more when those belong to another
project). Names are compared through `name_key`, so spacing variants are the same project.
A file is only ever replaced by the same project: a path holding another project or a file
that does not load is refused (M131), with or without `--force`.

Paths: when the output folder is a content folder (it holds `site.yaml` or `records/`), records
go to `<out>/records/<year>/<id>.yaml`; otherwise to `<out>/<year>/<id>.yaml`.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.importers import ImportedTable
from generator.importers.emit import RELATIVE_SCHEMA, SCHEMA_LINE, emit_record
from generator.importers.ids import Folder, Key, fresh_id, generated_id, record_key, scan
from generator.model.diagnostics import Diagnostic, Severity
from generator.read.load import load_bytes
from generator.site.treewrite import replace_files

__all__ = ["Planned", "Status", "generated_id", "plan", "records_root", "write"]


class Status(enum.Enum):
    """How a record compares with the file already at its path."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Planned:
    """One record ready to be written."""

    path: Path
    text: str
    status: Status
    origin: ImportedTable


def records_root(out: Path) -> Path:
    """Return the folder holding `<year>/<id>.yaml` for an output folder."""
    is_content = (out / "site.yaml").is_file() or (out / "records").is_dir()
    return out / "records" if is_content else out


def plan(tables: Sequence[ImportedTable], out: Path, content: Path | None = None,
         schema: str = RELATIVE_SCHEMA) -> tuple[list[Planned], list[Diagnostic]]:
    """Assign ids and paths, render each record and compare it with what is on disk.

    `content` is a published content folder whose ids are reused for the same tables; `schema`
    is the schema address written into new records (an existing file keeps its own).
    """
    root = records_root(out)
    years = {item.record["year"] for item in tables}
    here = scan(root, years)
    lent = scan(records_root(content), years) if content is not None and \
        content.resolve() != out.resolve() else Folder()
    taken: dict[str, Key | None] = {**lent.ids, **here.ids}
    planned: list[Planned] = []
    problems: list[Diagnostic] = []
    seen: dict[Key, ImportedTable] = {}
    for item in tables:
        record = item.record
        key = record_key(record["year"], record["department"], record["title"])
        if key in seen:
            problems.append(_duplicate(item, seen[key]))
            continue
        seen[key] = item
        rid, path = _place(key, record, root, here, lent, taken)
        if here.files.get(path, key) != key:
            problems.append(_occupied(item, path, here.files[path]))
            continue
        taken[rid] = key
        text = emit_record({**record, "id": rid}, _schema_of(path) or schema)
        broken = load_bytes(text.encode("utf-8"), path.as_posix()).diagnostics
        problems.extend(_unsound(item, d) for d in broken)
        planned.append(Planned(path, text, _status(path, text), item))
    return planned, problems


def _place(key: Key, record: dict[str, Any], root: Path, here: Folder, lent: Folder,
           taken: dict[str, Key | None]) -> tuple[str, Path]:
    """Return the id and file of a project: kept, lent by the content folder, or generated."""
    if key in here.by_key:
        return here.by_key[key]
    if key in lent.by_key:
        rid = lent.by_key[key][0]
    else:
        rid = fresh_id(key, record["department"], record["title"], taken)
    return rid, root / str(key[0]) / f"{rid}.yaml"


def _schema_of(path: Path) -> str | None:
    """Return where an existing record's first line points its editor, if it says so."""
    try:
        with path.open(encoding="utf-8") as handle:
            first = handle.readline().rstrip("\n")
    except (OSError, UnicodeDecodeError):
        return None
    return first.removeprefix(SCHEMA_LINE) if first.startswith(SCHEMA_LINE) else None


def _status(path: Path, text: str) -> Status:
    if not path.exists():
        return Status.NEW
    try:
        same = path.read_bytes() == text.encode("utf-8")
    except OSError:
        same = False
    return Status.UNCHANGED if same else Status.CHANGED


def _duplicate(item: ImportedTable, first: ImportedTable) -> Diagnostic:
    return Diagnostic("M109", Severity.ERROR, item.file, item.line, item.column,
                      f"第 {item.table} 张表与 {first.file} 第 {first.table} 张表的年度、主管部门和"
                      f"项目名称都相同（{item.record['title']}），会写入同一条记录。",
                      hint="同一项目同一年度只能有一张表；请删去重复的一张。")


def _occupied(item: ImportedTable, path: Path, owner: Key | None) -> Diagnostic:
    what = "一个无法读取的文件" if owner is None else f"另一个项目（{owner[1]}：{owner[2]}）的记录"
    return Diagnostic("M131", Severity.ERROR, item.file, item.line, item.column,
                      f"第 {item.table} 张表（{item.record['title']}）应写入 {path.as_posix()}，"
                      f"但那里已有{what}，不会覆盖。",
                      hint="请检查该文件：如是中断的导入留下的，删除后重新导入；如属于另一个项目，"
                           "请把它改名（文件名与 id 一起改）。")


def _unsound(item: ImportedTable, problem: Diagnostic) -> Diagnostic:
    """Report a rendered record the loader refuses: an importer defect, never written."""
    return Diagnostic("M111", Severity.ERROR, item.file, item.line, item.column,
                      f"第 {item.table} 张表导入后的记录未通过格式检查：{problem.code} "
                      f"{problem.message}", hint="这是导入工具的缺陷，请报告。")


def write(planned: Sequence[Planned], force: bool) -> None:
    """Write new records, and changed ones only when `force` is given, all or nothing.

    Raise OSError (a full disk) with every record file left as it was (`replace_files`).
    """
    replace_files([(item.path, item.text.encode("utf-8")) for item in planned
                   if item.status is Status.NEW or (item.status is Status.CHANGED and force)])
