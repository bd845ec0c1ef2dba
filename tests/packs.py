"""Test helpers: the entries of the caches' packs (`generator/read/packstore.py`), read and
damaged in place."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from generator.read import packstore


def pack_files(cache: Path) -> list[Path]:
    """Return every pack under the cache folder `cache`."""
    return sorted(cache.rglob("*" + packstore.SUFFIX))


def pack_entries(cache: Path) -> list[tuple[str, bytes]]:
    """Return (key, payload) of every entry of every pack under `cache`."""
    folders = sorted({path.parent for path in pack_files(cache)})
    return [(key, payload) for folder in folders
            for _, key, _, payload in packstore.entries(folder)]


def entry_keys(cache: Path) -> list[str]:
    """Return the keys stored under `cache`, each once, sorted."""
    return sorted({key for key, _ in pack_entries(cache)})


Change = Callable[[int, str, bytes], tuple[bytes, bool] | None]
"""(entry's number under the cache, key, payload) → (the payload to store instead, whether the
head's digest is made to match it), or None to leave the entry as it is."""


def damage_entries(cache: Path, change: Change) -> int:
    """Rewrite every pack under `cache` with the entries `change` replaces (the others as they
    were, the packs' modification times kept); return how many were replaced."""
    number, changed = 0, 0
    for path in pack_files(cache):
        stamp = path.stat()
        raw = path.read_bytes()
        out = [packstore.PACK_MAGIC]
        at = len(packstore.PACK_MAGIC)
        while at + packstore.ENTRY.size <= len(raw):
            magic, key, digest, length = packstore.ENTRY.unpack_from(raw, at)
            payload = raw[at + packstore.ENTRY.size:at + packstore.ENTRY.size + length]
            replaced = change(number, key.hex(), payload)
            if replaced is not None:
                payload, matching = replaced
                if matching:
                    digest = hashlib.sha256(payload).digest()
                changed += 1
            out.append(packstore.ENTRY.pack(magic, key, digest, len(payload)) + payload)
            at += packstore.ENTRY.size + length
            number += 1
        path.write_bytes(b"".join(out))
        os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    return changed
