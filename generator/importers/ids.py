"""Record ids for imported tables that never map two projects to one file.

A project is its key (year, 主管部门, 项目名称), compared through `name_key` so a trailing or
no-break space is the same project. A new project's id is `<year>-p-<8 hex digits of SHA-256
of "主管部门\\n项目名称" as printed>`; when that id already belongs to another project (in the
output folder, the published content folder or the same import) it grows by four hex digits
until it is free: the first project keeps the short id, the second gets a longer one, and
both keep theirs on every later import because records are found by key first.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from generator.model.names import name_key
from generator.read.load import discover, load_file

Key = tuple[int, str, str]
"""(year, name_key(主管部门), name_key(项目名称))."""
DIGITS = 8
"""Hex digits of a generated id; more only when those collide."""


def record_key(year: int, department: str, title: str) -> Key:
    """Return the key of a project: the same however its names were spaced or typed."""
    return (year, name_key(department), name_key(title))


def generated_id(year: int, department: str, title: str, digits: int = DIGITS) -> str:
    """Return the id of a table not yet in the output folder (stable, ASCII)."""
    digest = hashlib.sha256(f"{department}\n{title}".encode()).hexdigest()[:digits]
    return f"{year}-p-{digest}"


@dataclass
class Folder:
    """What the year folders of a records folder hold."""

    by_key: dict[Key, tuple[str, Path]] = field(default_factory=dict)
    """The first record of each project: its id and file."""
    ids: dict[str, Key | None] = field(default_factory=dict)
    """Every id in use (file names included) → its project; None for a file that does not load."""
    files: dict[Path, Key | None] = field(default_factory=dict)
    """Every record file → its project; None for a file that does not load."""


def scan(root: Path, years: set[int]) -> Folder:
    """Read the records of `root`'s folders of the imported years (a record lives in its year's)."""
    found = Folder()
    folders = [root / str(year) for year in sorted(years) if (root / str(year)).is_dir()]
    for file in discover(folders) if folders else []:
        record = load_file(file).record
        key = record_key(record.year, record.department, record.title) if record else None
        found.files[file] = key
        found.ids.setdefault(file.stem, key)
        if record is not None and key is not None:
            found.ids.setdefault(record.id, key)
            found.by_key.setdefault(key, (record.id, file))
    return found


def fresh_id(key: Key, department: str, title: str, taken: dict[str, Key | None]) -> str:
    """Return the shortest generated id (8, 12, … 64 hex digits) no other project uses.

    An id held by a file that does not load is returned as is: whose it is cannot be known,
    so the caller refuses it rather than guess (M131).
    """
    for digits in range(DIGITS, 65, 4):
        rid = generated_id(key[0], department, title, digits)
        owner = taken.get(rid, key)
        if owner is None or owner == key:
            return rid
    raise AssertionError("SHA-256 of two different keys cannot be equal")  # pragma: no cover
