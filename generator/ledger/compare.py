"""What a change does to the published records: added, removed, changed, figure by figure.

Records pair up by file path, then (for renamed files) by id. For each pair: the figures that
moved, the recomputed total and grade before and after, and the findings that appeared or
were resolved, compared by (code, pointer). Whitespace and comments never show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.ledger.changes import Change, changes, new_corrections
from generator.ledger.recomputed import Recomputed, recomputed
from generator.ledger.revisions import Side
from generator.model.diagnostics import Diagnostic
from generator.model.record import Correction, Record
from generator.read.load import Loaded
from generator.rules import PAIR_REGISTRY

Status = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class RecordDiff:
    """One record that differs between the two sides."""

    status: Status
    id: str
    """The record id, or the file path when the file does not load."""
    title: str
    file: str
    """Path on the new side (the old side's for a removed record)."""
    old_file: str | None
    """Path on the old side when it differs (a rename)."""
    changes: tuple[Change, ...] = ()
    corrections: tuple[Correction, ...] = ()
    """`corrections:` entries added by the change: the stated reasons."""
    old_score: Recomputed | None = None
    new_score: Recomputed | None = None
    appeared: tuple[Diagnostic, ...] = ()
    resolved: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class DiffResult:
    """Every record that differs, sorted by file path."""

    base: Side
    head: Side
    records: tuple[RecordDiff, ...]

    def count(self, status: Status) -> int:
        """Return how many records have the given status."""
        return sum(1 for r in self.records if r.status == status)


def compare(base: Side, head: Side) -> DiffResult:
    """Return the differences between two sides."""
    pairs = _pair(list(base.loaded), list(head.loaded))
    found = [d for old, new in pairs if (d := _diff(old, new, base, head)) is not None]
    return DiffResult(base, head, tuple(sorted(found, key=lambda d: (d.file, d.id))))


def _pair(olds: list[Loaded], news: list[Loaded]) -> list[tuple[Loaded | None, Loaded | None]]:
    by_path = {item.path: item for item in olds}
    pairs: list[tuple[Loaded | None, Loaded | None]] = []
    unmatched: list[Loaded] = []
    for item in news:
        old = by_path.pop(item.path, None)
        if old is None:
            unmatched.append(item)
        else:
            pairs.append((old, item))
    by_id = {item.record.id: item for item in by_path.values() if item.record is not None}
    for item in unmatched:
        old = by_id.pop(item.record.id, None) if item.record is not None else None
        if old is not None:
            del by_path[old.path]
        pairs.append((old, item))
    pairs.extend((old, None) for old in by_path.values())
    return pairs


def _diff(old: Loaded | None, new: Loaded | None, base: Side, head: Side) -> RecordDiff | None:
    if new is None:
        assert old is not None
        return RecordDiff("removed", *_names(old), old.path, None,
                          old_score=_score(old, base), resolved=_findings(old, base))
    if old is None:
        return RecordDiff("added", *_names(new), new.path, None,
                          new_score=_score(new, head), appeared=_findings(new, head))
    return _changed(old, new, base, head)


def _changed(old: Loaded, new: Loaded, base: Side, head: Side) -> RecordDiff | None:
    before, after = old.record, new.record
    moved: tuple[Change, ...] = ()
    added: tuple[Correction, ...] = ()
    if before is not None and after is not None:
        extra: list[Diagnostic] = []
        if before is not after:  # the same object: the file's bytes did not change at all
            moved, added = changes(before, after), new_corrections(before, after)
            extra = [d for rule in PAIR_REGISTRY.values() for d in rule.run(before, after)]
        old_findings, new_findings = _findings(old, base), (*_findings(new, head), *extra)
    else:
        # Rules run only on a record that loads: compare the loader's errors alone, or a broken
        # side would make every finding of the other look appeared or resolved.
        old_findings, new_findings = old.diagnostics, new.diagnostics
    appeared = _minus(new_findings, old_findings)
    resolved = _minus(old_findings, new_findings)
    if not (moved or added or appeared or resolved or old.path != new.path):
        return None
    return RecordDiff("changed", *_names(new), new.path,
                      old.path if old.path != new.path else None, moved, added,
                      _score(old, base), _score(new, head), appeared, resolved)


def _names(item: Loaded) -> tuple[str, str]:
    record: Record | None = item.record
    return (record.id, record.title) if record is not None else (item.path, item.path)


def _findings(item: Loaded, side: Side) -> tuple[Diagnostic, ...]:
    return tuple(d for d in side.checked.diagnostics if d.file == item.path)


def _minus(these: tuple[Diagnostic, ...], those: tuple[Diagnostic, ...]) -> tuple[Diagnostic, ...]:
    """Return the findings of `these` whose (code, pointer) is not among `those`."""
    known = {(d.code, d.pointer) for d in those}
    return tuple(d for d in these if (d.code, d.pointer) not in known)


def _score(item: Loaded, side: Side) -> Recomputed | None:
    return recomputed(side.checked, item.record.path) if item.record is not None else None
