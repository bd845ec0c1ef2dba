"""Append-only pack files for the caches' entries (issue 16): a few files per build, not one per
record and one per page.

A cold build of 10,000 records wrote 20,000 cache files beside its 10,000 pages, and creating a
file is the dearest thing a build asks of the file system: on the project's machine (ext4), 0.1
to 0.5 ms of CPU each, against 0.02 ms to write the same bytes into a file that exists.

A store is a folder of packs (`*.pack`). Every process that writes makes its own pack on its
first `put` (`<pid>-<random>.pack`) and only appends to it; no pack is ever changed in place, so
concurrent builds and forked workers never write to the same file. A pack starts with
`PACK_MAGIC`; each entry is `ENTRY` (a marker, the key's 32 bytes, the SHA-256 of the payload,
its length) followed by the payload. A process indexes the packs on its first lookup, reading
the entries' heads only, and adds its own entries as it writes them.

An entry is trusted only when the payload read has the length and the SHA-256 its head gives
and the head holds the key asked for: a damaged entry reads as absent (the caller makes it
again), never as data; indexing a pack stops at the first head that is not one (a truncated,
corrupted or foreign pack reads as fewer entries). When a folder holds more than `MOST_PACKS`
packs, the next writer merges all but the largest into one (`compact`), keeping each key's
last sound entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import struct
import weakref
from collections.abc import Iterator
from pathlib import Path

PACK_MAGIC = b"jixiao-pack-1\n"
"""The first bytes of every pack: a file without them is not read."""

ENTRY = struct.Struct("<4s32s32sQ")
"""An entry's head: `ENTRY_MAGIC`, the key, the SHA-256 of the payload, the payload's length."""

ENTRY_MAGIC = b"JXE1"

SUFFIX = ".pack"

MOST_PACKS = 32
"""More packs than this in a folder are merged by the next writer (`compact`): every build that
writes adds one per writing process."""

KEPT_LARGEST = 8
"""The largest packs, left as they are when the others are merged: those of a cold build hold
most entries, and copying them on every merge would cost a rebuild as much as a cold build."""

_OFFSET_BITS = 48
"""An index value is the pack's number shifted by this, plus the entry's offset in the pack."""


def _key_bytes(key: str) -> bytes | None:
    try:
        raw = bytes.fromhex(key)
    except ValueError:
        return None
    return raw if len(raw) == 32 else None


def _write_all(fd: int, *pieces: bytes) -> None:
    for piece in pieces:
        view = memoryview(piece)
        while view:
            view = view[os.write(fd, view):]


def _heads(fd: int) -> Iterator[tuple[int, bytes, bytes, int]]:
    """Yield (offset, key, digest, length) of each entry of the pack open as `fd`, stopping at
    the first head that is not one or whose payload the file does not hold."""
    size = os.fstat(fd).st_size
    if os.pread(fd, len(PACK_MAGIC), 0) != PACK_MAGIC:
        return
    at = len(PACK_MAGIC)
    while at + ENTRY.size <= size:
        head = os.pread(fd, ENTRY.size, at)
        if len(head) != ENTRY.size:
            return
        magic, key, digest, length = ENTRY.unpack(head)
        if magic != ENTRY_MAGIC or at + ENTRY.size + length > size:
            return
        yield at, key, digest, length
        at += ENTRY.size + length


def _read_entry(fd: int, at: int, key: bytes) -> bytes | None:
    """Return the payload of the entry at `at` when its head holds `key` and it is sound."""
    head = os.pread(fd, ENTRY.size, at)
    if len(head) != ENTRY.size:
        return None
    magic, stored, digest, length = ENTRY.unpack(head)
    if magic != ENTRY_MAGIC or stored != key:
        return None
    payload = os.pread(fd, length, at + ENTRY.size)
    if len(payload) != length or hashlib.sha256(payload).digest() != digest:
        return None
    return payload


class PackStore:
    """Payloads by key (64 hex digits) in the packs of one folder (see the module)."""

    def __init__(self, folder: str | Path) -> None:
        """Use the packs in `folder` (made on the first `put`)."""
        self.folder = os.fspath(folder)
        self._index: dict[bytes, int] | None = None
        """Key → where its entry stored last is: the pack's number shifted by `_OFFSET_BITS`,
        plus the entry's offset in it."""
        self._older: dict[bytes, list[int]] = {}
        """Key → where its earlier entries are, for the few keys stored more than once (a
        damaged entry made again, two builds at once)."""
        self._readers: dict[int, int] = {}
        """Pack number (in the order indexed) → a descriptor open for reading (inherited by
        forked workers: `pread` shares no position), closed when the store is let go."""
        weakref.finalize(self, _close_all, self._readers)
        self._out: list[int] | None = None
        """[process id, descriptor, pack number] of the pack this process appends to."""

    def _packs_here(self) -> list[str]:
        """Return the folder's packs, oldest first (by modification time, then name)."""
        found = []
        try:
            with os.scandir(self.folder) as items:
                for item in items:
                    if item.name.endswith(SUFFIX) and item.is_file(follow_symlinks=False):
                        with contextlib.suppress(OSError):
                            found.append((item.stat(follow_symlinks=False).st_mtime_ns, item.path))
        except OSError:
            return []
        return [path for _, path in sorted(found)]

    def _indexed(self) -> dict[bytes, int]:
        if self._index is None:
            self._index, self._older = {}, {}
            for path in self._packs_here():
                try:
                    fd = os.open(path, os.O_RDONLY)
                except OSError:
                    continue
                number = len(self._readers)
                self._readers[number] = fd
                try:
                    for at, key, _, _ in _heads(fd):
                        before = self._index.get(key)
                        if before is not None:  # a key stored again: the last one first
                            self._older.setdefault(key, []).append(before)
                        self._index[key] = (number << _OFFSET_BITS) | at
                except OSError:
                    continue
        return self._index

    def has(self, key: str) -> bool:
        """Return whether an entry is stored under `key` (`get` still checks it)."""
        raw = _key_bytes(key)
        return raw is not None and raw in self._indexed()

    def get(self, key: str) -> bytes | None:
        """Return the payload stored under `key`, or None (absent, unreadable or damaged): the
        entry stored last, or an earlier one of the same key when that one is damaged."""
        raw = _key_bytes(key)
        place = None if raw is None else self._indexed().get(raw)
        if raw is None or place is None:
            return None
        for where in (place, *reversed(self._older.get(raw, ()))):
            number, at = where >> _OFFSET_BITS, where & ((1 << _OFFSET_BITS) - 1)
            try:
                found = _read_entry(self._readers[number], at, raw)
            except (OSError, KeyError):
                continue
            if found is not None:
                return found
        return None

    def put(self, key: str, payload: bytes) -> None:
        """Append `payload` under `key` to this process's pack; raise OSError when it cannot be
        written (the pack is then left for a new one: nothing is appended after a broken
        entry) and ValueError for a key that is not 64 hex digits."""
        raw = _key_bytes(key)
        if raw is None:
            raise ValueError(f"not a cache key: {key!r}")
        index = self._indexed()
        if self._out is None or self._out[0] != os.getpid():
            self._out = self._new_pack()
        _, fd, number = self._out
        try:
            size = os.fstat(fd).st_size  # where this entry goes (the end: only this process appends)
            _write_all(fd, ENTRY.pack(ENTRY_MAGIC, raw, hashlib.sha256(payload).digest(),
                                      len(payload)), payload)
        except OSError:
            self._out = None
            raise
        index[raw] = (number << _OFFSET_BITS) | size

    def _new_pack(self) -> list[int]:
        os.makedirs(self.folder, exist_ok=True)
        path = os.path.join(self.folder, f"{os.getpid()}-{secrets.token_hex(8)}{SUFFIX}")
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        try:
            _write_all(fd, PACK_MAGIC)
        except OSError:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(path)
            raise
        number = len(self._readers)
        self._readers[number] = fd
        return [os.getpid(), fd, number]

    def compact(self) -> None:
        """Merge the folder's packs, but the `KEPT_LARGEST` largest, into one when there are more
        than `MOST_PACKS`: each key's last sound entry in them (never raises: a store that
        cannot be merged is only slower to open)."""
        packs = self._packs_here()
        if len(packs) <= MOST_PACKS:
            return
        sizes = {}
        for path in packs:
            with contextlib.suppress(OSError):
                sizes[path] = os.lstat(path).st_size
        largest = set(sorted(sizes, key=lambda path: (-sizes[path], path))[:KEPT_LARGEST])
        packs = [path for path in packs if path not in largest]
        scratch = os.path.join(self.folder, f".{os.getpid()}-{secrets.token_hex(8)}.merging")
        try:
            out = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except OSError:
            return
        try:
            _write_all(out, PACK_MAGIC)
            latest: dict[bytes, tuple[int, int]] = {}
            for number, path in enumerate(packs):
                with contextlib.suppress(OSError), _opened(path) as fd:
                    for at, key, _, _ in _heads(fd):
                        if _read_entry(fd, at, key) is not None:
                            latest[key] = (number, at)
            for number, at, key in sorted((n, a, k) for k, (n, a) in latest.items()):
                with contextlib.suppress(OSError), _opened(packs[number]) as fd:
                    payload = _read_entry(fd, at, key)
                    if payload is not None:
                        _write_all(out, ENTRY.pack(ENTRY_MAGIC, key,
                                                   hashlib.sha256(payload).digest(),
                                                   len(payload)), payload)
            os.close(out)
            out = -1
            os.rename(scratch, os.path.join(self.folder,
                                            f"{os.getpid()}-{secrets.token_hex(8)}{SUFFIX}"))
        except OSError:
            if out >= 0:
                os.close(out)
            with contextlib.suppress(OSError):
                os.unlink(scratch)
            return
        for path in packs:
            with contextlib.suppress(OSError):
                os.unlink(path)
        _close_all(self._readers)
        self._index, self._older = None, {}  # indexed again on the next lookup
        self._out = None


def _close_all(readers: dict[int, int]) -> None:
    """Close every descriptor of `readers` and forget them."""
    for fd in readers.values():
        with contextlib.suppress(OSError):
            os.close(fd)
    readers.clear()


@contextlib.contextmanager
def _opened(path: str) -> Iterator[int]:
    fd = os.open(path, os.O_RDONLY)
    try:
        yield fd
    finally:
        os.close(fd)


def entries(folder: str | Path) -> Iterator[tuple[str, str, int, bytes]]:
    """Yield (pack path, key, offset, payload) of every entry the packs of `folder` hold, sound
    or not, in the packs' order (for inspection: what `compact` and a lookup read)."""
    for path in PackStore(folder)._packs_here():
        with _opened(path) as fd:
            for at, key, _, length in _heads(fd):
                yield path, key.hex(), at, os.pread(fd, length, at + ENTRY.size)
