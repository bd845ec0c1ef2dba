"""Publication history of each record from git: first published, last changed, 更正记录.

A record's file history is the ledger: every commit that changed what the record says is an
amendment, with the figures that moved and the `corrections:` entries added in that commit as
its reason. Without a usable git history (plain folder, shallow clone, uncommitted file) the
history is absent and says why; nothing here raises for that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from generator.ledger.changes import Change, changes, new_corrections
from generator.ledger.gitlog import Revision, read_log
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


def read_histories(files: Sequence[Path]) -> dict[Path, RecordHistory]:
    """Return the history of each record file, keyed by the paths as given."""
    if not files:
        return {}
    repo = open_repo(_common_folder(files))
    if isinstance(repo, Repo) and repo.shallow:
        repo = SHALLOW
    if isinstance(repo, Absent):
        return {file: RecordHistory(repo.reason) for file in files}
    try:
        return _from_repo(repo, files)
    except GitFailed as exc:
        return {file: RecordHistory(f"无法读取 git 历史：{exc}") for file in files}


def _common_folder(files: Sequence[Path]) -> Path:
    folders = {file.resolve().parent for file in files}
    common = folders.pop()
    for folder in folders:
        while not folder.is_relative_to(common):
            common = common.parent
    return common


def _from_repo(repo: Repo, files: Sequence[Path]) -> dict[Path, RecordHistory]:
    log = read_log(repo, relative(repo, _common_folder(files)))
    revisions = {file: log.revisions(relative(repo, file)) for file in files}
    # Only files changed more than once need their old versions; one git process reads them all.
    specs = sorted({f"{r.commit}:{r.path}" for revs in revisions.values() if len(revs) > 1
                    for r in revs})
    blobs = read_blobs(repo, specs)
    return {file: _history(revs, blobs) for file, revs in revisions.items()}


def _history(revisions: tuple[Revision, ...], blobs: dict[str, bytes | None]) -> RecordHistory:
    if not revisions:
        return RecordHistory(NOT_COMMITTED.reason)
    sound = [(rev, record) for rev in revisions
             if (record := _load(rev, blobs)) is not None] if len(revisions) > 1 else []
    if len(sound) < 2:
        first = sound[0][0] if sound else revisions[0]
        return RecordHistory(None, first, first)
    amendments = tuple(amend for (_, old), (rev, new) in pairwise(sound)
                       if (amend := _amend(rev, old, new)) is not None)
    last = amendments[-1].revision if amendments else sound[0][0]
    return RecordHistory(None, sound[0][0], last, amendments)


def _load(revision: Revision, blobs: dict[str, bytes | None]) -> Record | None:
    # A version with errors was never published (errors stop the build): skip it.
    data = blobs.get(f"{revision.commit}:{revision.path}")
    return None if data is None else load_bytes(data, revision.path).record


def _amend(revision: Revision, old: Record, new: Record) -> Amendment | None:
    moved = changes(old, new)
    return Amendment(revision, moved, new_corrections(old, new)) if moved else None

