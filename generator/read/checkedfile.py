"""Files that carry the SHA-256 of their bytes on their first line (issue 16): the record and
page caches, compiled templates, the stat index and the trees' manifests.

A file whose digest does not match its bytes (truncated, garbage, altered) reads as None and is
made again, never trusted; a file is written beside its target and renamed over it, so a
reader never sees half of one.
"""

from __future__ import annotations

import hashlib
import os
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


def write_checked(path: Path, payload: bytes) -> None:
    """Write `payload` with its digest to `path` atomically (a sibling `.<name>.<pid>.tmp`
    renamed over it), making its folder; raise OSError, leaving no scratch file, on failure."""
    scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch.write_bytes(with_digest(payload))
        scratch.replace(path)
    except OSError:
        scratch.unlink(missing_ok=True)
        raise
