"""The site's view of the publication ledger: events (published, corrected) and correction rows.

Pure functions over `RecordHistory` values: the 更正记录 page, the record pages and the Atom
feeds all read from here, newest first, with ties broken by record id so output is stable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from generator.ledger.gitlog import Revision
from generator.ledger.record_ledger import Amendment, RecordHistory

NO_REASON = "（未填写更正原因）"


@dataclass(frozen=True)
class LedgerItem:
    """One published record as the ledger pages need it."""

    record_id: str
    title: str
    department: str
    url: str
    """Site path of the record page, e.g. `records/2021/2021-a/`."""
    history: RecordHistory


@dataclass(frozen=True)
class Event:
    """A record first published, or a commit that corrected it."""

    kind: Literal["published", "corrected"]
    revision: Revision
    item: LedgerItem
    amendment: Amendment | None = None

    def sort_key(self) -> tuple[int, str, str, int, str]:
        """Return the ascending key; events are listed in its reverse (newest first).

        Publication order (the commit's place on the published branch) comes first, then its
        date: a commit dated before its parent is still listed after it.
        """
        return (self.revision.order, self.revision.timestamp, self.item.record_id,
                self.kind == "corrected", self.revision.commit)


@dataclass(frozen=True)
class CorrectionRow:
    """One figure corrected: a row of a 更正记录 table."""

    date: str
    revision: Revision
    item: LedgerItem
    label: str
    pointer: str
    old: str
    new: str
    reason: str


def events(items: Iterable[LedgerItem]) -> list[Event]:
    """Return every publication and correction, newest first."""
    found: list[Event] = []
    for item in items:
        first = item.history.first_published
        if first is not None:
            found.append(Event("published", first, item))
        found.extend(Event("corrected", a.revision, item, a) for a in item.history.amendments)
    return sorted(found, key=Event.sort_key, reverse=True)


def correction_rows(items: Iterable[LedgerItem]) -> list[CorrectionRow]:
    """Return one row per corrected figure over all records, newest first."""
    return [row for event in events(items) if event.amendment is not None
            for row in amendment_rows(event.item, event.amendment)]


def record_rows(item: LedgerItem) -> list[CorrectionRow]:
    """Return the 更正记录 of one record, newest first."""
    return [row for amendment in reversed(item.history.amendments)
            for row in amendment_rows(item, amendment)]


def amendment_rows(item: LedgerItem, amendment: Amendment) -> list[CorrectionRow]:
    """Return one row per figure the amendment changed, in the record's order."""
    reason = amendment.reason or NO_REASON
    return [CorrectionRow(amendment.revision.date, amendment.revision, item, c.label, c.pointer,
                          c.old, c.new, reason) for c in amendment.changes]


def summary(amendment: Amendment) -> str:
    """Return one line: the figures that moved and the reason."""
    moved = "；".join(f"{c.label}：{c.old} → {c.new}" for c in amendment.changes)
    return f"{moved}。更正原因：{amendment.reason or NO_REASON}"
