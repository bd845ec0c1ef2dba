"""Write a generated tree of files: atomically for builds, in place for the preview server.

`write_tree` builds the whole tree in a sibling temporary folder and renames it into place, so a
failed or interrupted build leaves the previous tree untouched and never a half-written one
(issue 7, item 4).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath


class UnsafePath(ValueError):
    """Raised when a generated path would leave the output folder (a bug, never content)."""


def _checked(relative: str) -> PurePosixPath:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise UnsafePath(relative)
    return path


def _fill(folder: Path, files: Mapping[str, bytes]) -> None:
    for relative in sorted(files):
        target = folder.joinpath(*_checked(relative).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[relative])


def write_tree(out: Path, files: Mapping[str, bytes]) -> None:
    """Replace the folder `out` by exactly `files` (relative POSIX path → bytes), atomically."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        fresh.chmod(0o755)
        _fill(fresh, files)
        swap_in(fresh, out)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def swap_in(fresh: Path, out: Path) -> None:
    """Move the complete folder `fresh` to `out`, removing the previous `out` afterwards."""
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    fresh.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def sync_tree(out: Path, files: Mapping[str, bytes]) -> int:
    """Make `out` hold exactly `files`, writing only what changed; return how many changed.

    For `mkdocs serve`, whose watcher keeps following the folder it started with.
    """
    changed = 0
    wanted = {out.joinpath(*_checked(rel).parts): data for rel, data in files.items()}
    for target, data in sorted(wanted.items()):
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            changed += 1
    for stale in sorted(p for p in out.rglob("*") if p.is_file() and p not in wanted):
        stale.unlink()
        changed += 1
    return changed
