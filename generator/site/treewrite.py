"""Write a generated tree of files: atomically for builds, in place for the preview server.

`write_tree` builds the whole tree in a sibling temporary folder and renames it into place, so a
failed or interrupted build (a full disk included) leaves the previous tree untouched and never a
half-written one. Both writers refuse a folder that is not theirs to replace (`outguard.py`), and
`locked` keeps two builds of the same folder from interleaving.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from generator.site.outguard import replace_refusal


class UnsafePath(ValueError):
    """Raised when a generated path would leave the output folder (a bug, never content)."""


class UnsafeOutput(ValueError):
    """Raised when the output folder is not the writer's to replace; the message is Chinese."""


def write_file(path: Path, data: bytes, sync: bool = False) -> None:
    """Create `path` with `data` through plain OS calls (a full disk raises OSError ENOSPC).

    With `sync`, the bytes are on disk (fsync) when this returns.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder holding `out`: a second writer waits its turn.

    The lock is on the parent folder itself (flock works on a folder), so no lock file is left
    behind; it is released when this process ends, however it ends.
    """
    import fcntl  # POSIX only, like the rest of the build

    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _checked(relative: str) -> PurePosixPath:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise UnsafePath(relative)
    return path


def _fill(folder: Path, files: Mapping[str, bytes], previous: Path | None = None) -> int:
    """Write `files` below `folder`; a file whose bytes `previous` already holds at the same
    path is hard-linked from there instead of written. Return how many were linked."""
    made: set[Path] = set()
    linked = 0
    old = {} if previous is None else _plain_files(previous)
    for relative in sorted(files):
        parts = _checked(relative).parts
        target = folder.joinpath(*parts)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        data = files[relative]
        found = old.get("/".join(parts))
        if found is not None and found[1] == len(data) and _link_same(found[0], target, data):
            linked += 1
        else:
            write_file(target, data)
    return linked


def _plain_files(root: Path) -> dict[str, tuple[str, int]]:
    """Return the plain files below `root` (relative POSIX path → (path, size)), reached without
    following any link: never a file reached through a link out of the previous tree."""
    found: dict[str, tuple[str, int]] = {}
    stack = [(os.fspath(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append((entry.path, prefix + entry.name + "/"))
                    elif entry.is_file(follow_symlinks=False):
                        found[prefix + entry.name] = (entry.path, entry.stat(follow_symlinks=False).st_size)
        except OSError:
            continue  # an unreadable folder: its files are written afresh
    return found


def _link_same(old: str, target: Path, data: bytes) -> bool:
    """Hard-link the plain file `old` as `target` when it holds exactly `data`."""
    try:
        fd = os.open(old, os.O_RDONLY | os.O_NOFOLLOW)
        with open(fd, "rb") as handle:
            if handle.read(len(data) + 1) != data:
                return False
        os.link(old, target)
    except OSError:  # no hard links on this file system, or the old file went away: write it
        return False
    return True


def write_tree(out: Path, files: Mapping[str, bytes]) -> None:
    """Replace the folder `out` by exactly `files` (relative POSIX path → bytes), atomically.

    Raise UnsafeOutput when `out` is not a previous output (see `outguard.replace_refusal`), and
    OSError when writing fails; in both cases `out` is left as it was. A file whose bytes the
    previous `out` already holds is hard-linked from it, not written again (the old tree is
    only ever removed, never written, so the link is as good as a copy).
    """
    refusal = replace_refusal(out)
    if refusal is not None:
        raise UnsafeOutput(refusal)
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        fresh.chmod(0o755)
        _fill(fresh, files, out if out.is_dir() else None)
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

    For `mkdocs serve`, whose watcher keeps following the folder it started with. Raise
    UnsafeOutput, before touching anything, when `out` is not a previous output.
    """
    refusal = replace_refusal(out)
    if refusal is not None:
        raise UnsafeOutput(refusal)
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


def replace_files(files: Sequence[tuple[Path, bytes]]) -> None:
    """Create or replace each file with its bytes, all or nothing as far as the disk allows.

    Every file is first written and flushed to disk beside its target (`.<name>.tmp-<pid>`);
    only when all of them are complete are they renamed over their targets. A failure while
    writing (a full disk: OSError ENOSPC) removes the temporary files and leaves every target
    as it was: never a truncated or empty file.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.tmp-{os.getpid()}")
            staged.append((temporary, target))
            write_file(temporary, data, sync=True)
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)
    for folder in sorted({target.parent for _, target in staged}):
        _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
