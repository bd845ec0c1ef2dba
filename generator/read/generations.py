"""Cache generations (issue 16): each cache keeps its entries in a folder named by what every
entry depends on besides its own inputs (the code, the profile, the site settings: its salt),
so a build after an upgrade knows which entries no build of this code can ever use again.

After a build has written its entries, the folder of its own generation is marked used and
every other generation is removed but the one used most recently before it (switching back to
the previous code or settings stays warm). Without this, every code change left a whole copy
of the caches behind: 1.8 GB of records and 4.1 GB of pages after a few builds of 50,000
records. Entries of the layout before generations (two-hex-digit folders, `stat-index`) are
removed too. Anything else in the folder is left alone.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

USED = "used"
"""The file whose modification time says when a generation was last used."""

_GENERATION = re.compile(r"[0-9a-f]{16}")
_FORMER = re.compile(r"[0-9a-f]{2}|stat-index")
"""What the caches held directly before generations: entry folders and the stat index."""


def generation(salt: bytes) -> str:
    """Return the name of the generation of entries made under `salt`."""
    return hashlib.sha256(salt).hexdigest()[:16]


def retire_others(folder: Path, current: str) -> None:
    """Mark the generation `current` of `folder` used now, and remove every other generation
    but the most recently used one, and what the former layout left (never raises: a cache
    that cannot be tidied is only larger)."""
    try:
        (folder / current).mkdir(parents=True, exist_ok=True)
        (folder / current / USED).write_bytes(b"")
        items = list(os.scandir(folder))
    except OSError:
        return
    others: list[tuple[int, str]] = []
    for item in items:
        if item.name == current or item.is_symlink():
            continue
        if _GENERATION.fullmatch(item.name) and item.is_dir(follow_symlinks=False):
            try:
                used = os.stat(os.path.join(item.path, USED)).st_mtime_ns
            except OSError:
                used = 0
            others.append((used, item.name))
        elif _FORMER.fullmatch(item.name):
            _remove(item.path, item.is_dir(follow_symlinks=False))
    for _, name in sorted(others, reverse=True)[1:]:
        _remove(os.path.join(folder, name), True)


def _remove(path: str, folder: bool) -> None:
    try:
        if folder:
            shutil.rmtree(path)
        else:
            os.unlink(path)
    except OSError:
        return
