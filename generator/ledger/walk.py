"""Follow every record along the published branch by its `id`, never by its file name.

`walk` replays the first-parent steps oldest first, keeping which file holds which record. A
record's versions are the states of the one file holding its id after each step that touched
it: a file renamed with the same id keeps its record's history; a file deleted and another
added with a different id (even a similar project) end one record and start another. A step in
which no file, or two files, hold an id publishes no version of it (a duplicate id stops the
build). Each blob is parsed once, whatever the number of commits: the work is linear.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from generator.ledger.gitlog import Revision, Step
from generator.model.record import Record

Loader = Callable[[str, str], Record | None]
"""(blob id, path) → the record, or None when that version does not load (never published)."""


@dataclass
class Walked:
    """The outcome of a walk: each record's versions and what each file held last."""

    versions: dict[str, list[tuple[Revision, Record]]] = field(default_factory=dict)
    """Record id → its published versions, oldest first (a version per step that changed it)."""
    present: dict[str, str | None] = field(default_factory=dict)
    """Path of each file present after the last step → the id it holds (or last held, when
    its current version does not load; None when it never loaded)."""
    added: dict[str, Revision] = field(default_factory=dict)
    """Path → the step that created the file as it is now."""


def walk(steps: Sequence[Step], load: Loader) -> Walked:
    """Replay `steps` (oldest first) and return every record's versions."""
    walked = Walked()
    holding: dict[str, Record | None] = {}
    holders: dict[str, set[str]] = defaultdict(set)
    for order, step in enumerate(steps):
        touched: set[str] = set()
        for path, blob in step.changed:
            before = holding.pop(path, None)
            if before is not None:
                holders[before.id].discard(path)
                touched.add(before.id)
            if blob is None:
                walked.present.pop(path, None)
                walked.added.pop(path, None)
                continue
            record = load(blob, path)
            holding[path] = record
            if path not in walked.present:
                walked.added[path] = Revision(step.commit, step.timestamp, path, order)
            if record is not None:
                holders[record.id].add(path)
                touched.add(record.id)
                walked.present[path] = record.id
            else:
                walked.present.setdefault(path, None)
        for rid in sorted(touched):
            if len(holders[rid]) == 1:
                path = next(iter(holders[rid]))
                record = holding[path]
                assert record is not None
                _publish(walked, rid, Revision(step.commit, step.timestamp, path, order), record)
    return walked


def _publish(walked: Walked, rid: str, revision: Revision, record: Record) -> None:
    versions = walked.versions.setdefault(rid, [])
    if not versions or versions[-1][1] != record:
        versions.append((revision, record))
