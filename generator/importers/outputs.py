"""Where imported records go, under which id, and what writing them would change.

Ids: a record already in the output folder with the same year, 主管部门 and 项目名称 keeps its
id and file (so human-chosen ids such as `2021-cj-coal-network-ops` survive a re-import); a
record with the same key in the published content folder (`--content`, default `content/`)
lends its id, so importing a published table anywhere yields the very record of `content/`;
otherwise the id is `<year>-p-<first 8 hex digits of SHA-256 of "主管部门\\n项目名称">`,
ASCII and the same for the same table every time.

Paths: when the output folder is a content folder (it holds `site.yaml` or `records/`), records
go to `<out>/records/<year>/<id>.yaml`; otherwise to `<out>/<year>/<id>.yaml`.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.importers import ImportedTable
from generator.importers.emit import RELATIVE_SCHEMA, SCHEMA_LINE, emit_record
from generator.model.diagnostics import Diagnostic, Severity
from generator.read.load import discover, load_bytes, load_file


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


def generated_id(year: int, department: str, title: str) -> str:
    """Return the id of a table not yet in the output folder (stable, ASCII)."""
    digest = hashlib.sha256(f"{department}\n{title}".encode()).hexdigest()[:8]
    return f"{year}-p-{digest}"


def existing(root: Path, years: set[int]) -> dict[tuple[int, str, str], tuple[str, Path]]:
    """Return (year, department, title) → (id, path) of the records in `root`'s year folders.

    Only the imported years are read: a record lives in its year's folder (rule S106).
    """
    found: dict[tuple[int, str, str], tuple[str, Path]] = {}
    folders = [root / str(year) for year in sorted(years) if (root / str(year)).is_dir()]
    for file in discover(folders) if folders else []:
        record = load_file(file).record
        if record is not None:
            found.setdefault((record.year, record.department, record.title), (record.id, file))
    return found


def plan(tables: Sequence[ImportedTable], out: Path, content: Path | None = None,
         schema: str = RELATIVE_SCHEMA) -> tuple[list[Planned], list[Diagnostic]]:
    """Assign ids and paths, render each record and compare it with what is on disk.

    `content` is a published content folder whose ids are reused for the same tables; `schema`
    is the schema address written into new records (an existing file keeps its own).
    """
    root = records_root(out)
    years = {item.record["year"] for item in tables}
    known = existing(root, years)
    if content is not None and content.resolve() != out.resolve():
        lent = existing(records_root(content), years)
        for key, (rid, _path) in lent.items():
            known.setdefault(key, (rid, root / str(key[0]) / f"{rid}.yaml"))
    planned: list[Planned] = []
    problems: list[Diagnostic] = []
    taken: dict[str, ImportedTable] = {}
    for item in tables:
        record = item.record
        key = (record["year"], record["department"], record["title"])
        if key in known:
            rid, path = known[key]
        else:
            rid = generated_id(*key)
            path = root / str(record["year"]) / f"{rid}.yaml"
        if rid in taken:
            problems.append(_duplicate(item, taken[rid]))
            continue
        taken[rid] = item
        text = emit_record({**record, "id": rid}, _schema_of(path) or schema)
        broken = load_bytes(text.encode("utf-8"), path.as_posix()).diagnostics
        problems.extend(_unsound(item, d) for d in broken)
        planned.append(Planned(path, text, _status(path, text), item))
    return planned, problems


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


def _unsound(item: ImportedTable, problem: Diagnostic) -> Diagnostic:
    """Report a rendered record the loader refuses: an importer defect, never written."""
    return Diagnostic("M111", Severity.ERROR, item.file, item.line, item.column,
                      f"第 {item.table} 张表导入后的记录未通过格式检查：{problem.code} "
                      f"{problem.message}", hint="这是导入工具的缺陷，请报告。")


def write(planned: Sequence[Planned], force: bool) -> None:
    """Write new records, and changed ones only when `force` is given."""
    for item in planned:
        if item.status is Status.NEW or (item.status is Status.CHANGED and force):
            item.path.parent.mkdir(parents=True, exist_ok=True)
            item.path.write_bytes(item.text.encode("utf-8"))
