"""The only place that orders the stages: read → check and score → render (style.md).

`build(content)` is the one build path: `python -m generator build` (and so `make site`) and the
MkDocs hooks call it. `diff` checks and scores each side with the same `rules.check.check`.
An error in any record stops here, before anything is rendered: nothing of a broken record is
ever published. Writing the files is the caller's.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from generator.ledger.gitrepo import blob_id
from generator.ledger.record_ledger import RecordHistory, read_histories
from generator.model.diagnostics import Diagnostic, Severity, sort_diagnostics
from generator.model.record import Record
from generator.read.load import Loaded, display_path, load_file, record_files
from generator.read.recordcache import RecordCache
from generator.read.siteconfig import SiteConfig, load_site
from generator.read.sources import read_documents
from generator.rules.check import check
from generator.scoring.packed import pack_record, pack_score
from generator.site.datafiles import DataFiles
from generator.site.documents import document_files, document_hashes
from generator.site.feeds import site_feeds
from generator.site.pagecache import entry_digests, open_page_cache
from generator.site.render import render_pages, year_rows_files
from generator.site.schemafiles import schema_tree
from generator.site.settings import SETTINGS_FILE, settings_json
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


def build(content: Path, loaded: Sequence[Loaded] | None = None, year: int | None = None,
          cache: RecordCache | None = None, jobs: int = 1, *,
          settings: tuple[SiteConfig, list[Diagnostic]] | None = None,
          found: Sequence[tuple[Path, str]] | None = None) -> Generated:
    """Build the site's files from a content folder: load, history, check and score, render.

    `loaded` (the record files, as `load_paths` gives them) lets a caller that shows progress or
    uses `cache` load them itself; `year` builds one year's shard (`records/<year>/` only);
    `jobs` processes render the pages (`render.RenderedPages`); `settings` is `load_site(content)`
    when the caller has read it already (for the cache's profile); `found` is
    `read.load.record_files` of the folder built when the caller has it (`loaded` came from it).
    """
    site, problems = load_site(content) if settings is None else settings
    folder = content if year is None else content / "records" / str(year)
    found = record_files([folder]) if found is None else found
    loaded = [load_file(file, shown) for file, shown in found] if loaded is None else loaded
    documents = read_documents(content, [i.record.source.file for i in loaded if i.record])
    return generate(site, problems, loaded, content_histories(folder, loaded, found, cache),
                    documents, cache, jobs)


def content_histories(content: Path, loaded: Sequence[Loaded] = (),
                      found: Sequence[tuple[Path, str]] | None = None,
                      cache: RecordCache | None = None) -> dict[str, RecordHistory]:
    """Return the git history of every record file under `content`, keyed as `load_paths` names them.

    `loaded` (from `load_paths`) spares parsing again the versions the working tree holds;
    `found` is `read.load.record_files([content])` when the caller has it; `cache` (the one
    `loaded` came through) knows the git blob id of each file it read, so no file is read again.
    """
    found = record_files([content]) if found is None else found
    files = [file for file, _ in found]
    shown = dict(found)
    histories = read_histories(files, lambda: _known_blobs(files, shown, loaded, cache))
    return {shown.get(file) or display_path(file): history for file, history in histories.items()}


def _known_blobs(files: list[Path], shown: Mapping[Path, str], loaded: Sequence[Loaded],
                 cache: RecordCache | None) -> dict[str, Record]:
    records = {item.path: item.record for item in loaded if item.record is not None}
    known: dict[str, Record] = {}
    for file in files:
        record = records.get(shown[file])
        if record is None:
            continue
        blob = None if cache is None else cache.blob(shown[file])
        if blob is not None:
            known[blob] = record  # the id of the very bytes the record was read from
        elif not os.path.islink(file):
            try:
                with open(file, "rb") as handle:
                    known[blob_id(handle.read())] = record
            except OSError:
                continue  # then git's copy is parsed instead
    return known


def generate(site: SiteConfig, site_problems: Iterable[Diagnostic], loaded: Iterable[Loaded],
             histories: Mapping[str, RecordHistory] | None = None,
             documents: Mapping[str, bytes] | None = None,
             cache: RecordCache | None = None, jobs: int = 1) -> Generated:
    """Check and score every record (once), then render; refuse (files None) on any error.

    `histories` (by record path, from `content_histories`) give the pages and feeds their ledger;
    `documents` (by file name, from `content/sources/`) are the originals the pages link;
    `cache` (the one `loaded` came through) keeps each record's record-rule findings, and the
    page cache beside it (`site/pagecache.py`) the pages and downloads already rendered from the
    same inputs; `jobs` processes render the pages the cache lacks.
    """
    checked = check(loaded, site, cache)
    diagnostics = tuple(sort_diagnostics([*site_problems, *checked.diagnostics]))
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return Generated(diagnostics, None, 0)
    # packed, as the loading workers pack them: the site holds what lists show of each record
    scored = [(pack_record(s.record), s.profile, pack_score(s.score)) for s in checked.publishable()]
    kept = documents or {}
    model = build_model(site, scored, diagnostics, histories, document_hashes(kept))
    pages_cache = None if cache is None else open_page_cache(cache.folder.parent / "pages", cache, site)
    digests = None if cache is None else entry_digests(model.entries, cache)
    eager = {**site_feeds(model), **year_rows_files(model, pages_cache, digests),
             **document_files([e.record for e in model.entries], kept),
             **schema_tree(site.site_url), SETTINGS_FILE: settings_json(site)}
    # Pages and downloads are made as the tree writer reads them, never all in memory at once
    # (issue 16).
    made = (DataFiles(model, pages_cache, digests, jobs), render_pages(model, pages_cache, digests, jobs))
    return Generated(diagnostics, SiteFiles(eager, made), len(model.entries))


class MadeFiles(Protocol):
    """Files made when read (`DataFiles`, `RenderedPages`): `in` makes nothing, and `identity`
    names a file's bytes without making it (`treewrite.IdentifiedFiles`)."""

    def __getitem__(self, path: str) -> bytes:
        """Return the file's bytes, made now."""

    def chunks(self, path: str) -> Iterable[bytes]:
        """Return the file's bytes, made now, as the byte strings it is made of, in order."""

    def __contains__(self, path: object) -> bool:
        """Return whether `path` is one of the files, making nothing."""

    def __iter__(self) -> Iterator[str]:
        """Iterate over the paths."""

    def identity(self, path: str) -> str | None:
        """Return a name for the bytes of `path` (equal names, equal bytes), or None."""


class SiteFiles(Mapping[str, bytes]):
    """The generated files: those made eagerly, then those made as they are read.

    `identity` names a made file's bytes without making it (`treewrite.IdentifiedFiles`)."""

    def __init__(self, eager: Mapping[str, bytes], made: Sequence[MadeFiles]) -> None:
        """Join them; a path is taken from `eager`, else from the first of `made` holding it."""
        self._eager, self._made = eager, tuple(made)

    def _maker(self, path: str) -> MadeFiles | None:
        return next((files for files in self._made if path in files), None)

    def __getitem__(self, path: str) -> bytes:
        """Return the file's bytes (a file of one piece is that piece, not a copy)."""
        return b"".join(self.chunks(path))

    def chunks(self, path: str) -> Iterable[bytes]:
        """Return the file's bytes as the byte strings it is made of (`treewrite.ChunkedFiles`:
        a download of every year is written piece by piece, never joined in memory)."""
        found = self._eager.get(path)
        if found is not None:
            return (found,)
        maker = self._maker(path)
        if maker is None:
            raise KeyError(path)
        return maker.chunks(path)

    def __contains__(self, path: object) -> bool:
        """Return whether `path` is a file (nothing is made)."""
        return path in self._eager or any(path in files for files in self._made)

    def __iter__(self) -> Iterator[str]:
        """Iterate over the paths, the eager ones first, each once."""
        seen = set(self._eager)
        yield from self._eager
        for files in self._made:
            for path in files:
                if path not in seen:
                    seen.add(path)
                    yield path

    def __len__(self) -> int:
        """Return the number of files."""
        return sum(1 for _ in self)

    def identity(self, path: str) -> str | None:
        """Return a made file's identity (None for the eager files: the writer hashes them)."""
        if path in self._eager:
            return None
        maker = self._maker(path)
        return None if maker is None else maker.identity(path)
