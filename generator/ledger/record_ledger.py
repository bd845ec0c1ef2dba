"""Publication history of each record from git: first published, last changed, 更正记录.

A record's history along the published branch is the ledger (first-parent commits of HEAD,
records followed by `id`: `gitlog.py`, `walk.py`): every commit that changed what the record
says is an amendment, with the figures that moved and the `corrections:` entries added in that commit as
its reason. Without a usable git history (plain folder, shallow clone, uncommitted file) the
history is absent and says why; nothing here raises for that.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    relative,
)
from generator.ledger.walk import Walked, walk
from generator.model.record import Correction, Record
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


def read_histories(files: Sequence[Path],
                   known: Mapping[str, Record] | None = None) -> dict[Path, RecordHistory]:
    """Return the history of each record file, keyed by the paths as given.

    `known` maps git blob ids (`blob_id`) to records the caller has already loaded (the working
    tree's): those versions are neither read from git nor parsed again.
    """
    if not files:
        return {}
    repo = open_repo(_common_folder(files))
    if isinstance(repo, Repo) and repo.shallow:
        repo = SHALLOW
    if isinstance(repo, Absent):
        return {file: RecordHistory(repo.reason) for file in files}
    try:
        return _from_repo(repo, files, known or {})
    except GitFailed as exc:
        return {file: RecordHistory(f"无法读取 git 历史：{exc}") for file in files}


def _common_folder(files: Sequence[Path]) -> Path:
    # each folder resolved once (a resolve is an lstat per component); a link by its target
    parents = {file.resolve().parent if file.is_symlink() else file.parent for file in files}
    folders = {folder.resolve() for folder in parents}
    common = folders.pop()
    for folder in folders:
        while not folder.is_relative_to(common):
            common = common.parent
    return common


def _from_repo(repo: Repo, files: Sequence[Path],
               known: Mapping[str, Record]) -> dict[Path, RecordHistory]:
    folder = _content_folder(relative(repo, _common_folder(files)))
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
    return {file: _history(walked, relative(repo, file)) for file in files}


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
