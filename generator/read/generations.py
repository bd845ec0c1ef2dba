"""Cache generations (issue 16): each cache keeps its entries in a folder named by what every
entry depends on besides its own inputs (the code, the profile, the site settings: its salt),
so a build after an upgrade knows which entries no build of this code can ever use again.

After a build has written its entries, the folder of its own generation is marked used and
every other generation is removed but the one used most recently before it (switching back to
the previous code or settings stays warm). Without this, every code change left a whole copy
of the caches behind: 1.8 GB of records and 4.1 GB of pages after a few builds of 50,000
records. Entries of the layout before generations (two-hex-digit folders of entries,
`stat-index`) are removed too.

The cache folder sits beside the output (`<out>/../.cache/`), which may be a folder other
programs use (`--out ~/docs` puts it in `~/.cache/`): only what is recognisably ours is ever
removed, a generation marked with `USED`, an entry folder holding nothing but entries named
after their own SHA-256 (and under its first two digits), a stat index whose digest line
matches. Anything else, and anything reached through a link, is left alone.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

from generator.read.checkedfile import read_checked

USED = ".jixiao-generation-used"
"""The file marking a generation folder as ours; its modification time says when it was last
used."""

_GENERATION = re.compile(r"[0-9a-f]{16}")
_ENTRY_FOLDER = re.compile(r"[0-9a-f]{2}")
_ENTRY = re.compile(r"[0-9a-f]{64}")


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
                others.append((os.lstat(os.path.join(item.path, USED)).st_mtime_ns, item.name))
            except OSError:
                continue  # not marked: not known to be ours
        elif _former(item):
            _remove(item.path, item.is_dir(follow_symlinks=False))
    for _, name in sorted(others, reverse=True)[1:]:
        _remove(os.path.join(folder, name), True)


def _former(item: os.DirEntry[str]) -> bool:
    """Return whether `item` is what a cache held before generations: a folder of entries named
    by their SHA-256 under its first two digits, or the stat index (a digest-checked file)."""
    if item.name == "stat-index":
        return item.is_file(follow_symlinks=False) and read_checked(item.path) is not None
    if not (_ENTRY_FOLDER.fullmatch(item.name) and item.is_dir(follow_symlinks=False)):
        return False
    try:
        with os.scandir(item.path) as entries:
            return all(_ENTRY.fullmatch(entry.name) and entry.name.startswith(item.name)
                       and entry.is_file(follow_symlinks=False) for entry in entries)
    except OSError:
        return False


def _remove(path: str, folder: bool) -> None:
    try:
        if folder:
            shutil.rmtree(path)
        else:
            os.unlink(path)
    except OSError:
        return
