"""Content-hash cache of loaded, checked and scored records (`build/.cache/records/`), an optimisation only.

A record file is read and parsed, scored, and its record rules run, once per content: the entry's key
is the SHA-256 of the generator's own code and data (so any change of rules, schema, profiles or
templates empties it in effect), the file's path, its bytes and the site's scoring profile. The
entries are kept in packs (`read/packstore.py`). An entry is trusted only when its stored digest
matches its bytes, it unpickles, and it holds the expected path; anything else (a truncated,
corrupted or foreign entry) is ignored and the record is loaded afresh. Output with and without
the cache is byte-identical (tests/web/test_cache.py).

The folder is as trusted as `build/` itself: whoever can write it can change the site anyway.
"""

from __future__ import annotations

import hashlib
import marshal
import multiprocessing
import os
import pickle
import stat
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.ledger.gitrepo import blob_id
from generator.model.diagnostics import Diagnostic
from generator.read.checkedfile import read_checked, write_checked
from generator.read.gcpause import paused_collector
from generator.read.generations import generation, retire_others
from generator.read.load import Loaded, load_bytes, load_file
from generator.read.packstore import PackStore
from generator.read.spill import Spill
from generator.read.yamlread import MAX_BYTES

PACKAGE = Path(__file__).resolve().parents[1]
_CODE_SUFFIXES = (".py", ".json", ".yaml", ".j2")


def code_fingerprint() -> str:
    """Return the SHA-256 of every source and data file of the generator, and Python's version."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(p for p in PACKAGE.rglob("*") if p.suffix in _CODE_SUFFIXES):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass
class RecordCache:
    """Cached `Loaded` and record-rule diagnostics, by record path within one build."""

    folder: Path
    salt: str
    """The code fingerprint and the site's profile: what every entry depends on besides its file."""
    hits: int = 0
    _keys: dict[str, str] = field(default_factory=dict)
    _entries: dict[str, tuple[Loaded, tuple[Diagnostic, ...] | None, object]] = field(
        default_factory=dict)
    _pending: dict[str, tuple[str, Loaded, tuple[Diagnostic, ...], object, str]] = field(
        default_factory=dict)
    _blobs: dict[str, str] = field(default_factory=dict)

    _index: dict[str, tuple[int, int, int, int, str]] | None = None
    _seen: dict[str, tuple[int, int, int, int, str]] = field(default_factory=dict)
    _spilling: Spill | bool | None = None
    """The spill file of this build's packed records (False: it could not be made)."""

    def __post_init__(self) -> None:
        # this salt's entries are in a folder of their own (`read/generations.py`)
        self._entries_folder = self.folder / generation(self.salt.encode("utf-8"))
        self._store = PackStore(self._entries_folder)
        self._now = time.time_ns()

    def _known_key(self, shown: str, status: os.stat_result) -> str | None:
        """Return the key of a file the last build read, when its size, modification and change
        times and inode are still the ones it read (the stat index, `STAT_INDEX`)."""
        if self._index is None:
            self._index = _read_index(self._entries_folder / STAT_INDEX, self.salt)
        known = self._index.get(shown)
        if known is None or known[:4] != _stamp(status):
            return None
        return known[4]

    def load(self, file: Path, shown: str) -> Loaded:
        """Return the file's `Loaded`, from the cache when its content was seen before."""
        found = self.probe(file, shown)
        if isinstance(found, Loaded):
            return found
        if found is None:
            return load_file(file, shown)  # refused, oversize or unreadable: the loader says why
        return self.remember(shown, load_bytes(found, shown))

    def probe(self, file: Path, shown: str) -> Loaded | bytes | None:
        """Return the cached `Loaded` (a hit), the file's bytes to parse (a miss), or None when
        the file is not for the cache (a link, not a file, oversize, unreadable).

        A file the last build read, whose size, times and inode are unchanged since (the stat
        index), is not read again: its key is the one that build worked out from its bytes."""
        try:
            status = os.lstat(file)  # one system call: not a link, a regular file, its size
            if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_BYTES:
                return None
            key = self._known_key(shown, status)
            found = None if key is None else self._read(key, shown)
            if key is None or found is None:
                with open(file, "rb", buffering=0) as handle:
                    data = handle.readall()
                    # the bytes read are those of this status (not written to meanwhile)
                    status = os.fstat(handle.fileno())
        except OSError:
            return None
        if key is None or found is None:
            key = hashlib.sha256(f"{self.salt}\0{shown}\0".encode() + data).hexdigest()
            found = self._read(key, shown)
        self._keys[shown] = key
        if max(status.st_mtime_ns, status.st_ctime_ns) < self._now - SETTLED_NS:  # long settled
            self._seen[shown] = (*_stamp(status), key)
        if found is None:
            self._blobs[shown] = blob_id(data)  # a miss only: a hit stored it
            return data
        entry, self._blobs[shown] = found
        self.hits += 1
        self._entries[shown] = entry
        self._spill(entry[0], entry[2])
        return entry[0]

    def probe_all(self, files: Sequence[tuple[Path, str]]) -> list[Loaded | bytes | None]:
        """Return `probe` of each (file, shown path), with the cyclic garbage collector paused:
        unpickled records are acyclic, and collections walking the growing heap of records
        already read cost as much as the unpickling itself (`read/gcpause.py`)."""
        with paused_collector():
            return [self.probe(file, shown) for file, shown in files]

    def key(self, path: str) -> str | None:
        """Return the cache key of the record file at `path` in this build (None: not cached)."""
        return self._keys.get(path)

    def blob(self, path: str) -> str | None:
        """Return the git blob id of the bytes of the record file at `path` read in this build
        (None: not read through the cache): the ledger then needs not read the file again."""
        return self._blobs.get(path)

    def remember(self, shown: str, loaded: Loaded) -> Loaded:
        """Keep a freshly parsed file (after a miss) until its record rules are stored."""
        self._entries[shown] = (loaded, None, None)
        self._spill(loaded, None if loaded.checked is None else loaded.checked[1])
        return loaded

    def _spill(self, loaded: Loaded, score: object) -> None:
        """Move a packed record's and score's pickles (`scoring.packed`) into the build's spill
        file beside the cache, out of this process's memory; a record not packed (a build in
        one process, which packs later) is left as it is, and so is everything when the spill
        file cannot be made."""
        for item in (loaded.record, score):
            move = getattr(item, "spill_to", None)
            if move is None:
                continue
            if self._spilling is None:
                try:
                    self._spilling = Spill(self.folder.parent)
                except OSError:
                    self._spilling = False
            if self._spilling:
                move(self._spilling)

    def diagnostics(self, path: str) -> tuple[Diagnostic, ...] | None:
        """Return the record-rule diagnostics cached for the record at `path`, if any."""
        entry = self._entries.get(path)
        return None if entry is None else entry[1]

    def score(self, path: str) -> object:
        """Return the score cached for the record at `path` (a `scoring.RecordScore`), or None."""
        entry = self._entries.get(path)
        return None if entry is None else entry[2]

    def store(self, path: str, found: tuple[Diagnostic, ...], score: object = None) -> None:
        """Remember the record-rule diagnostics of a freshly checked record and its score (a
        `scoring.RecordScore`, None when it has none), with its `Loaded`.

        Nothing is written until `flush`: a build that stops on an error writes nothing at all."""
        key, entry, blob = self._keys.get(path), self._entries.get(path), self._blobs.get(path)
        if key is not None and entry is not None and entry[1] is None and blob is not None:
            loaded = entry[0]
            if loaded.checked is not None:  # kept once, beside it
                loaded = replace(loaded, checked=None)
            self._pending[key] = (path, loaded, found, score, blob)

    def flush(self, jobs: int = 1) -> None:
        """Write the entries remembered since the last flush (after a successful build), on
        `jobs` forked processes when there are many, and the stat index of the files read in
        this build; then remove the entries of other code and profiles but the last used
        (`generations.retire_others`)."""
        if self._seen:
            _write_index(self._entries_folder / STAT_INDEX, self.salt, self._seen)
        pending, self._pending = self._pending, {}
        if pending:
            self._store.compact()
        if _write_entries(self._store, sorted(pending.items()), jobs):
            retire_others(self.folder, self._entries_folder.name)

    def _read(self, key: str,
              shown: str) -> tuple[tuple[Loaded, tuple[Diagnostic, ...], object], str] | None:
        payload = self._store.get(key)
        if payload is None:
            return None
        try:
            path, loaded, found, score, blob = pickle.loads(payload)  # our own digest-checked entry
        except Exception:  # any unreadable entry is ignored, never trusted
            return None
        from generator.scoring import RecordScore  # the scorer, only once an entry is read

        if path != shown or not isinstance(loaded, Loaded) or loaded.path != shown \
                or not isinstance(found, tuple) or not isinstance(score, RecordScore | None) \
                or not isinstance(blob, str):
            return None
        return (loaded, found, score), blob


_Pending = tuple[str, tuple[str, Loaded, tuple[Diagnostic, ...], object, str]]
_WRITING: tuple[PackStore, Sequence[_Pending]] | None = None
"""The store and the entries `_write_entries` hands to its workers, set before they fork."""


def _write_some(span: tuple[int, int]) -> bool:
    assert _WRITING is not None
    store, entries = _WRITING
    for key, value in entries[span[0]:span[1]]:
        try:
            store.put(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, ValueError, pickle.PicklingError, TypeError, AttributeError):
            return False  # a cache that cannot be written is only slower
    return True


def _write_entries(store: PackStore, entries: Sequence[_Pending], jobs: int) -> bool:
    """Pickle and put `entries` in `store`, on `jobs` forked processes when there are many
    (each appending to a pack of its own); return False when one could not be written."""
    global _WRITING
    from generator.read.parallel import frozen_heap, worth_forking  # it imports this module

    _WRITING = (store, entries)
    try:
        if not worth_forking(jobs, len(entries)):
            return _write_some((0, len(entries)))
        size = -(-len(entries) // (jobs * 4))
        spans = [(start, min(start + size, len(entries))) for start in range(0, len(entries), size)]
        with frozen_heap(), multiprocessing.get_context("fork").Pool(jobs) as pool:
            return all(pool.map(_write_some, spans))
    finally:
        _WRITING = None


STAT_INDEX = "stat-index"
"""Path → (size, mtime_ns, inode, ctime_ns, key) of the record files a build read: the next build
takes the key of a file whose four values are unchanged without reading it (like git's index).
Any write to a file changes its change time (ctime), which no program can set back."""

SETTLED_NS = 2_000_000_000
"""A file changed less than this long before the build started is not put in the stat index
(read again next time): a write in the same clock tick as the read could leave its times equal."""


def _stamp(status: os.stat_result) -> tuple[int, int, int, int]:
    return (status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns)


def _read_index(path: Path, salt: str) -> dict[str, tuple[int, int, int, int, str]]:
    """Return the stat index at `path` for `salt`; empty when absent, damaged or another salt's."""
    payload = read_checked(path)
    if payload is None:
        return {}
    try:
        stored_salt, index = marshal.loads(payload)  # our own digest-checked file
    except (OSError, ValueError, TypeError, EOFError):
        return {}
    if stored_salt != salt or not isinstance(index, dict):
        return {}
    return index


def _write_index(path: Path, salt: str, index: dict[str, tuple[int, int, int, int, str]]) -> None:
    try:
        write_checked(path, marshal.dumps((salt, index), 4))
    except OSError:
        return  # an index that cannot be written is only slower


def open_cache(folder: Path, profile: str) -> RecordCache:
    """Return the cache of records in `folder` for a site scored under `profile`."""
    return RecordCache(folder, f"{code_fingerprint()}\0{profile}")

