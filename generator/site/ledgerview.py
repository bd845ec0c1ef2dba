"""The ledger as the pages show it (templates call these as `h.…`): record history, 更正记录.

Built from `Entry.history` (git) through `generator.ledger.events`; the templates only loop. Anchors
`#correction-<short>` are the ones the Atom feeds link to (generator/site/feeds.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.ledger.changes import Change
from generator.ledger.events import NO_REASON, LedgerItem, events
from generator.ledger.gitlog import Revision
from generator.ledger.record_ledger import Amendment
from generator.model.record import Correction
from generator.read.siteconfig import SiteConfig
from generator.site.htmlsafe import safe_href
from generator.site.sitedata import Entry, SiteModel


@dataclass(frozen=True)
class Commit:
    """A commit as shown to readers: date, short hash, and a link when the repository is known."""

    date: str
    short: str
    url: str | None


@dataclass(frozen=True)
class AmendmentView:
    """One commit that corrected a record: a group of rows in a 更正记录 table."""

    anchor: str
    """`correction-<short>`, the id the feeds link to."""
    commit: Commit
    changes: tuple[Change, ...]
    reason: str
    entry: Entry


@dataclass(frozen=True)
class RecordLedger:
    """The 发布与更正 section of one record page."""

    absent: str | None
    """Why there is no history (Chinese), or None."""
    first: Commit | None
    last: Commit | None
    amendments: tuple[AmendmentView, ...]
    """Newest first."""
    other_corrections: tuple[Correction, ...]
    """`corrections:` entries of the file that no commit in the history explains."""


def commit(config: SiteConfig, revision: Revision) -> Commit:
    """Return the commit of a revision, linked to the repository's commit page when known."""
    repository = safe_href(config.repository_url)
    url = f"{repository.rstrip('/')}/commit/{revision.commit}" if repository else None
    return Commit(revision.date, revision.short, url)


def anchor(revision: Revision) -> str:
    """Return the id of a correction on its record page."""
    return f"correction-{revision.short}"


def _view(config: SiteConfig, entry: Entry, amendment: Amendment) -> AmendmentView:
    return AmendmentView(anchor(amendment.revision), commit(config, amendment.revision),
                         amendment.changes, amendment.reason or NO_REASON, entry)


def record_ledger(config: SiteConfig, entry: Entry) -> RecordLedger:
    """Return the history of one record as its page shows it."""
    history = entry.history
    stated = entry.record.corrections
    if history.absent is not None or history.first_published is None:
        return RecordLedger(history.absent or "", None, None, (), stated)
    last = history.last_changed or history.first_published
    explained = {c for a in history.amendments for c in a.corrections}
    return RecordLedger(
        None, commit(config, history.first_published), commit(config, last),
        tuple(_view(config, entry, a) for a in reversed(history.amendments)),
        tuple(c for c in stated if c not in explained))


_LAST_CHANGED: list[tuple[SiteModel, str | None]] = []
"""The last model asked about and its answer (held, so its identity is never reused): every
listing page asks twice."""


def site_last_changed(model: SiteModel) -> str | None:
    """Return the date of the newest change to any record (the sitemap's date of the pages
    that list records), or None without history."""
    if _LAST_CHANGED and _LAST_CHANGED[0][0] is model:
        return _LAST_CHANGED[0][1]
    dates = [revision.date for e in model.entries
             if (revision := e.history.last_changed or e.history.first_published) is not None]
    found = max(dates, default=None)
    _LAST_CHANGED[:] = [(model, found)]
    return found


def ledger_items(entries: Sequence[Entry]) -> list[LedgerItem]:
    """Return the entries as the ledger sees them."""
    return [LedgerItem(e.record.id, e.record.title, e.record.department, e.url, e.history)
            for e in entries]


def site_corrections(model: SiteModel) -> tuple[AmendmentView, ...]:
    """Return every correction of the site, newest first."""
    by_id = {e.record.id: e for e in model.entries}
    return tuple(_view(model.config, by_id[e.item.record_id], e.amendment)
                 for e in events(ledger_items(model.entries)) if e.amendment is not None)


def absent_reasons(model: SiteModel) -> tuple[tuple[str, int], ...]:
    """Return why history is absent, with how many records, most frequent first."""
    counts: dict[str, int] = {}
    for entry in model.entries:
        if entry.history.absent is not None:
            counts[entry.history.absent] = counts.get(entry.history.absent, 0) + 1
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
