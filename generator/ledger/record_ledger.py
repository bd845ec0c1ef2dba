"""Publication history of each record from git: first published, last changed, 更正记录.

A record's history along the published branch is the ledger (first-parent commits of HEAD,
records followed by `id`: `gitlog.py`, `walk.py`): every commit that changed what the record
says is an amendment, with the figures that moved and the `corrections:` entries added in that commit as
its reason. Without a usable git history (plain folder, shallow clone, uncommitted file) the
history is absent and says why; nothing here raises for that.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from generator.ledger.changes import Change, changes, new_corrections
from generator.ledger.gitlog import Revision, Step, read_steps
from generator.ledger.gitrepo import (
    NOT_COMMITTED,
    SHALLOW,
    Absent,
    GitFailed,
    Repo,
    open_repo,
    read_blobs,
)
from generator.ledger.walk import Walked, walk
from generator.model.record import Correction, Record
from generator.read.gcpause import paused_collector
from generator.read.load import load_bytes


@dataclass(frozen=True)
class Amendment:
    """One commit that changed what a published record says."""

    revision: Revision
    changes: tuple[Change, ...]
    corrections: tuple[Correction, ...]
    """The `corrections:` entries added in the same commit: the stated reason."""

    @property
    def reason(self) -> str:
        """Return the stated reason, or '' when the commit added no correction entry."""
        return "；".join(c.reason for c in self.corrections)


@dataclass(frozen=True)
class RecordHistory:
    """What git says about one record file."""

    absent: str | None
    """Why there is no history (Chinese), or None when it was read."""
    first_published: Revision | None = None
    last_changed: Revision | None = None
    """The last commit that changed what the record says (whitespace-only edits do not count)."""
    amendments: tuple[Amendment, ...] = ()
    """Oldest first."""


Known = Mapping[str, Record] | Callable[[], Mapping[str, Record]]
"""Records already loaded by git blob id, or a function returning them (called only when a
history is read from git: without a repository no file is read again)."""


def read_histories(files: Sequence[Path], known: Known | None = None) -> dict[Path, RecordHistory]:
    """Return the history of each record file, keyed by the paths as given.

    `known` maps git blob ids (`blob_id`) to records the caller has already loaded (the working
    tree's): those versions are neither read from git nor parsed again.
    """
    if not files:
        return {}
    folders = _folders(files)
    repo = open_repo(_common_folder(folders.values()))
    if isinstance(repo, Repo) and repo.shallow:
        repo = SHALLOW
    if isinstance(repo, Absent):
        absent = RecordHistory(repo.reason)  # one value for all: frozen, and no allocation per file
        return dict.fromkeys(files, absent)
    try:
        with paused_collector():  # a value per record and version, none of them cyclic
            return _from_repo(repo, files, folders, known() if callable(known) else known or {})
    except GitFailed as exc:
        return dict.fromkeys(files, RecordHistory(f"无法读取 git 历史：{exc}"))


def _folders(files: Sequence[Path]) -> dict[Path, Path]:
    """Return each file's resolved folder (a link's: its target's), each folder resolved once
    (a resolve is an lstat per path component)."""
    resolved: dict[Path, Path] = {}
    found: dict[Path, Path] = {}
    for file in files:
        parent = file.resolve().parent if os.path.islink(file) else file.parent
        folder = resolved.get(parent)
        if folder is None:
            folder = resolved[parent] = parent.resolve()
        found[file] = folder
    return found


def _common_folder(folders: Iterable[Path]) -> Path:
    distinct = set(folders)
    common = distinct.pop()
    for folder in distinct:
        while not folder.is_relative_to(common):
            common = common.parent
    return common


def _from_repo(repo: Repo, files: Sequence[Path], folders: Mapping[Path, Path],
               known: Mapping[str, Record]) -> dict[Path, RecordHistory]:
    root = repo.root.resolve()
    folder = _content_folder(_common_folder(folders.values()).relative_to(root).as_posix())
    steps = read_steps(repo, folder)
    names = _record_names({path for step in steps for path, _ in step.changed}, folder)
    steps = [Step(s.commit, s.timestamp, tuple(c for c in s.changed if c[0] in names))
             for s in steps]
    # One git process reads every version of every record; each blob is parsed once.
    blobs = read_blobs(repo, sorted({blob for s in steps for _, blob in s.changed
                                     if blob and blob not in known}))
    parsed: dict[str, Record | None] = dict(known)

    def load(blob: str, path: str) -> Record | None:
        # A version with errors was never published (errors stop the build): it is skipped.
        if blob not in parsed:
            data = blobs.get(blob)
            parsed[blob] = None if data is None else load_bytes(data, path).record
        return parsed[blob]

    walked = walk(steps, load)
    inside: dict[Path, str] = {}  # each folder placed in the repository once
    found: dict[Path, RecordHistory] = {}
    for file in files:
        at = folders[file]
        prefix = inside.get(at)
        if prefix is None:
            prefix = inside[at] = at.relative_to(root).as_posix() + "/"
        # a link is read at its target's name (its folder is the target's)
        name = file.resolve().name if os.path.islink(file) else file.name
        found[file] = _history(walked, name if prefix == "./" else prefix + name)
    return found


def _content_folder(folder: str) -> str:
    """Widen a folder below `records/` to the content folder: a file may move between years."""
    parts = folder.split("/")
    if "records" in parts:
        at = len(parts) - 1 - parts[::-1].index("records")
        return "/".join(parts[:at]) or "."
    return folder


def _record_names(paths: set[str], folder: str) -> set[str]:
    """Mirror `load.discover`: the `records/` tree when there is one, else every YAML file."""
    prefix = f"{folder}/records/" if folder not in ("", ".") else "records/"
    under = {p for p in paths if p.startswith(prefix)}
    chosen = under or {p for p in paths if p.rsplit("/", 1)[-1] != "site.yaml"}
    return {p for p in chosen if p.endswith((".yaml", ".yml"))}


def _history(walked: Walked, path: str) -> RecordHistory:
    if path not in walked.present:
        return RecordHistory(NOT_COMMITTED.reason)
    rid = walked.present[path]
    versions = walked.versions.get(rid, []) if rid is not None else []
    if not versions:
        first = walked.added[path]
        return RecordHistory(None, first, first)
    amendments = tuple(amend for (_, old), (rev, new) in pairwise(versions)
                       if (amend := _amend(rev, old, new)) is not None)
    last = amendments[-1].revision if amendments else versions[0][0]
    return RecordHistory(None, versions[0][0], last, amendments)


def _amend(revision: Revision, old: Record, new: Record) -> Amendment | None:
    moved = changes(old, new)
    return Amendment(revision, moved, new_corrections(old, new)) if moved else None
