"""Files that carry the SHA-256 of their bytes on their first line (issue 16): compiled
templates, the record cache's stat index and the trees' manifests (the record and page caches'
entries are in packs, `read/packstore.py`).

A file whose digest does not match its bytes (truncated, garbage, altered) reads as None and is
made again, never trusted; a file is written beside its target and renamed over it, so a
reader never sees half of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path


def with_digest(payload: bytes) -> bytes:
    """Return `payload` behind the hex SHA-256 of it and a line break."""
    return hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


def without_digest(raw: bytes) -> bytes | None:
    """Return the payload of `raw` (as `with_digest` made it), or None when the digest fails."""
    digest, _, payload = raw.partition(b"\n")
    return payload if hashlib.sha256(payload).hexdigest().encode() == digest else None


def read_checked(path: str | Path) -> bytes | None:
    """Return the payload of the file at `path`, or None (unreadable, or failing its digest)."""
    try:
        with open(path, "rb", buffering=0) as handle:
            raw = handle.readall()
    except OSError:
        return None
    return without_digest(raw)


def write_checked(path: str | Path, payload: bytes) -> None:
    """Write `payload` with its digest to `path` atomically (a sibling `.<name>.<pid>.tmp`
    renamed over it), making its folder; raise OSError, leaving no scratch file, on failure.

    Plain OS calls on text paths, and the folder made only when the scratch file cannot be
    created without it: a cold build writes one of these per record and per page (issue 16)."""
    target = os.fspath(path)
    folder, name = os.path.split(target)
    scratch = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    data = with_digest(payload)
    try:
        try:
            write_file(scratch, data)
        except FileNotFoundError:  # only creating the file can raise it: no folder yet
            if not folder:
                raise
            os.makedirs(folder, exist_ok=True)
            write_file(scratch, data)
        os.replace(scratch, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(scratch)
        raise


def write_file(path: str | Path, data: bytes | Iterable[bytes], sync: bool = False) -> None:
    """Create `path` with `data` (bytes, or byte strings written one after the other) through
    plain OS calls (a full disk raises OSError ENOSPC).

    With `sync`, the bytes are on disk (fsync) when this returns.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        for chunk in (data,) if isinstance(data, bytes) else data:
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view):]
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)
