"""The only place that orders the stages: validate → score → render (style.md).

Loading is the caller's (`commands/build.py`, the MkDocs hooks); writing too. An error in any
record stops here, before anything is rendered: nothing of a broken record is ever published.
"""

from __future__ import annotations

import json
from collections import ChainMap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.ledger.record_ledger import RecordHistory
from generator.model.diagnostics import Diagnostic, Severity, sort_diagnostics
from generator.read.load import Loaded
from generator.read.recordcache import RecordCache
from generator.read.siteconfig import SiteConfig
from generator.rules.check import check, profile_for
from generator.scoring import score_record
from generator.site.datafiles import data_tree
from generator.site.feeds import site_feeds
from generator.site.mkdocs_hooks import SETTINGS_FILE
from generator.site.render import render_pages
from generator.site.sitedata import build_model


@dataclass(frozen=True)
class Generated:
    """The outcome of one generation: the files, or None when an error forbids publishing."""

    diagnostics: tuple[Diagnostic, ...]
    files: Mapping[str, bytes] | None
    """Path → bytes; record and listing pages are rendered as they are read (write_tree)."""
    records: int

    @property
    def errors(self) -> int:
        """Return the number of errors."""
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)


def settings_json(site: SiteConfig) -> bytes:
    """Return the settings MkDocs takes from `content/site.yaml` (see mkdocs_hooks.py)."""
    settings = {"site_name": site.title, "site_url": site.site_url, "publisher": site.publisher,
                "region": site.region}
    return (json.dumps(settings, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def generate(site: SiteConfig, site_problems: Iterable[Diagnostic], loaded: Iterable[Loaded],
             histories: Mapping[str, RecordHistory] | None = None,
             cache: RecordCache | None = None) -> Generated:
    """Validate, score and render every record; refuse (files None) when any error is found.

    `histories` (by record path, from `read_histories`) give the pages and feeds their ledger;
    `cache` (the one `loaded` came through) keeps each record's record-rule findings.
    """
    checked = check(loaded, site, cache)
    diagnostics = tuple(sort_diagnostics([*site_problems, *checked.diagnostics]))
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return Generated(diagnostics, None, 0)
    scored = []
    for record in checked.records:
        profile = profile_for(record, site)
        scored.append((record, profile, score_record(record, profile)))
    model = build_model(site, scored, diagnostics, histories)
    eager = {**data_tree(model), **site_feeds(model), SETTINGS_FILE: settings_json(site)}
    # ChainMap only reads its second mapping here; its type asks for a mutable one.
    files: Mapping[str, bytes] = ChainMap(eager, render_pages(model))  # type: ignore[arg-type]
    return Generated(diagnostics, files, len(model.entries))
