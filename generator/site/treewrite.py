"""Write a generated tree of files: atomically for builds, in place for the preview server.

`write_tree` builds the whole tree in a sibling temporary folder and renames it into place, so a
failed or interrupted build (a full disk included) leaves the previous tree untouched and never a
half-written one. Both writers refuse a folder that is not theirs to replace (`outguard.py`), and
`locked` keeps two builds of the same folder from interleaving.
"""

from __future__ import annotations

import errno
import hashlib
import marshal
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from generator.read.checkedfile import without_digest, write_checked, write_file
from generator.site.outguard import GENERATED_MARK, replace_refusal


class UnsafePath(ValueError):
    """Raised when a generated path would leave the output folder (a bug, never content)."""


class UnsafeOutput(ValueError):
    """Raised when the output folder is not the writer's to replace; the message is Chinese."""


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


def _checked(relative: str) -> list[str]:
    """Return the segments of a generated relative path; raise UnsafePath for an absolute one,
    one with `..`, or an empty one (`.` and empty segments are dropped, as POSIX reads them)."""
    parts = [part for part in relative.split("/") if part not in ("", ".")]
    if relative.startswith("/") or ".." in parts or not parts:
        raise UnsafePath(relative)
    return parts


def manifest_of(tree: Path) -> Path:
    """Return where the manifest of the tree `tree` is kept: beside it (`.<name>.manifest`), so
    the tree holds only the generated files, the same bytes every build."""
    return tree.with_name(f".{tree.name.lstrip('.')}.manifest")


MANIFEST_NOTE = """What a written tree holds (`manifest_of`): each file's identity
(`IdentifiedFiles.identity`, else the SHA-256 of its bytes) with the size, modification time and
inode it was written with, and each folder's modification time and inode. A file is trusted to
hold what its identity says only while all three still match (a file edited or replaced since
has another time or inode); a folder whose time and inode match holds exactly the entries the
manifest lists (adding, removing or renaming an entry changes a folder's time), and any other
folder is listed afresh."""

FileEntry = tuple[str, int, int, int]
"""(identity, size, mtime_ns, inode) of a written file."""


@dataclass
class Manifest:
    """The files and folders of a tree as `_fill` left them (relative POSIX paths)."""

    files: dict[str, FileEntry] = field(default_factory=dict)
    folders: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Folder (not the root) → (mtime_ns, inode)."""


@runtime_checkable
class ChunkedFiles(Protocol):
    """Files that can give a file's bytes as the byte strings it is made of, written one after
    the other (a download of every year is never joined in memory)."""

    def chunks(self, path: str) -> Iterable[bytes]:
        """Return the bytes of `path` as consecutive byte strings."""


@runtime_checkable
class IdentifiedFiles(Protocol):
    """Files that can name their content without producing it (a page-cache key): a file whose
    identity the previous tree already holds is then neither rendered nor read."""

    def identity(self, path: str) -> str | None:
        """Return a name for the bytes of `path` (equal names, equal bytes), or None."""


def _read_manifest(path: Path) -> Manifest:
    """Return the manifest at `path`; empty when absent, damaged or not ours (its digest does
    not match). It may describe another tree than the one beside it (a build stopped between
    two renames): every entry is checked against the file's inode and time before use."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with open(fd, "rb") as handle:
            payload = without_digest(handle.read())
        if payload is None:
            return Manifest()
        files, folders = marshal.loads(payload)
        if not isinstance(files, dict) or not isinstance(folders, dict):
            return Manifest()
        return Manifest(files, folders)
    except (OSError, ValueError, TypeError, EOFError):
        return Manifest()


def _write_manifest(path: Path, manifest: Manifest) -> None:
    write_checked(path, marshal.dumps((manifest.files, manifest.folders), 4))


def _unchanged(path: str, entry: FileEntry) -> bool:
    """Return whether the plain file at `path` is still the one `entry` describes."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and (st.st_size, st.st_mtime_ns, st.st_ino) == entry[1:]


def _fill(folder: Path, files: Mapping[str, bytes], previous: Path | None = None,
          base: Manifest | None = None) -> Manifest:
    """Make `folder` hold exactly `files`; return its manifest.

    `folder` starts empty or as the spare tree (see `write_tree`, `base` its manifest): a file
    it holds already (the same identity, untouched since written) is kept. Otherwise a file
    whose bytes the tree `previous` holds at the same path is hard-linked from there instead of
    written. A file is never written in place (a new file replaces it), so a file linked into
    another tree never changes there. Anything else in `folder` is removed.
    """
    identify = files.identity if isinstance(files, IdentifiedFiles) else None
    pieces = files.chunks if isinstance(files, ChunkedFiles) else None
    base = base or Manifest()
    old = Manifest() if previous is None else _read_manifest(manifest_of(previous))
    linkable = set() if previous is None else _real_folders(previous, old)
    present, folders = _present(folder, base)
    root = os.fspath(folder)
    made: set[str] = {root + "/" + sub for sub in folders}
    manifest = Manifest()
    for relative in sorted(files):
        name = "/".join(_checked(relative))
        target = root + "/" + name
        ident = identify(relative) if identify is not None else None
        entry = base.files.get(name)
        if ident is not None and (found := _kept(name, ident, entry, present, target)):
            manifest.files[name] = found
            continue
        data: bytes | None = None
        if ident is None:
            data = files[relative]
            ident = "sha256:" + hashlib.sha256(data).hexdigest()
            if found := _kept(name, ident, entry, present, target):
                manifest.files[name] = found
                continue
        parent = target.rpartition("/")[0]
        if parent not in made:
            _clear_way(root, name, present)
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        if name in present:  # replaced, never written in place: it may be linked elsewhere
            os.unlink(target)
        source = old.files.get(name)
        if source is not None and source[0] == ident and previous is not None \
                and name.rpartition("/")[0] in linkable \
                and _link_unchanged(os.fspath(previous) + "/" + name, target, source):
            manifest.files[name] = source
            continue
        if data is None:  # named without its bytes: made now, written piece by piece
            write_file(Path(target), files[relative] if pieces is None else pieces(relative))
        else:
            write_file(Path(target), data)
        st = os.lstat(target)
        manifest.files[name] = (ident, st.st_size, st.st_mtime_ns, st.st_ino)
    emptied: set[str] = set()
    for name in sorted(present - manifest.files.keys()):
        os.unlink(root + "/" + name)
        steps = name.split("/")[:-1]
        emptied.update("/".join(steps[:end]) for end in range(1, len(steps) + 1))
    for sub in sorted(emptied, key=len, reverse=True):  # deepest first
        try:
            os.rmdir(root + "/" + sub)  # only succeeds once empty
        except OSError:
            continue
    for name in manifest.files:
        steps = name.split("/")[:-1]
        for end in range(len(steps), 0, -1):
            sub = "/".join(steps[:end])
            if sub in manifest.folders:
                break
            st = os.lstat(root + "/" + sub)
            manifest.folders[sub] = (st.st_mtime_ns, st.st_ino)
    return manifest


def _clear_way(root: str, name: str, present: set[str]) -> None:
    """Remove what the tree holds where a folder of `name` must go (a file, or a link: never
    followed, never written through)."""
    steps = name.split("/")[:-1]
    for end in range(1, len(steps) + 1):
        sub = "/".join(steps[:end])
        if sub in present:
            os.unlink(root + "/" + sub)
            present.discard(sub)


def _real_folders(tree: Path, manifest: Manifest) -> set[str]:
    """Return the folders of `tree` its manifest lists that are real folders, as are all their
    parents (checked without following links; "" is the tree itself): a file is linked from
    the previous tree only through real folders, never through a link out of it."""
    real = {""}
    base = os.fspath(tree)
    for sub in sorted(manifest.folders, key=lambda name: name.count("/")):
        if sub.rpartition("/")[0] in real:
            try:
                if stat.S_ISDIR(os.lstat(base + "/" + sub).st_mode):
                    real.add(sub)
            except OSError:
                continue
    return real


def _kept(name: str, ident: str, entry: FileEntry | None, present: set[str],
          target: str) -> FileEntry | None:
    """Return `entry` when the file at `target` (`name` in the tree) is still the one it
    describes, with the identity `ident` (the file then stays as it is); else None."""
    if entry is not None and entry[0] == ident and name in present and _unchanged(target, entry):
        return entry
    return None


def _present(root: Path, manifest: Manifest) -> tuple[set[str], list[str]]:
    """Return the relative paths of everything but folders below `root`, and of its folders,
    reached without following links. A folder the manifest describes, unchanged since, is not
    listed again: its entries are the manifest's (each file is still checked before use)."""
    listed: dict[str, tuple[list[str], list[str]]] = {}
    for name in manifest.files:
        head, _, tail = name.rpartition("/")
        listed.setdefault(head, ([], []))[0].append(tail)
    for name in manifest.folders:
        head, _, tail = name.rpartition("/")
        listed.setdefault(head, ([], []))[1].append(tail)
    found: set[str] = set()
    folders: list[str] = []
    stack = [""]
    base = os.fspath(root)
    while stack:
        sub = stack.pop()
        here = base + "/" + sub if sub else base
        prefix = sub + "/" if sub else ""
        if sub:
            try:
                st = os.lstat(here)
            except OSError:
                continue
            if not stat.S_ISDIR(st.st_mode):  # a file or a link: never looked into
                found.add(sub)
                continue
            folders.append(sub)
            if manifest.folders.get(sub) == (st.st_mtime_ns, st.st_ino):
                names, subs = listed.get(sub, ([], []))
                found.update(prefix + n for n in names)
                stack.extend(prefix + n for n in subs)
                continue
        with os.scandir(here) as entries:
            for item in entries:
                if item.is_dir(follow_symlinks=False):
                    stack.append(prefix + item.name)
                else:
                    found.add(prefix + item.name)
    return found, folders


def _link_unchanged(old: str, target: str, entry: tuple[str, int, int, int]) -> bool:
    """Hard-link the plain file `old` as `target` when it is still the one `entry` describes."""
    if not _unchanged(old, entry):
        return False
    try:
        os.link(old, target, follow_symlinks=False)
    except OSError:  # no hard links on this file system, or the old file went away: write it
        return False
    return True  # the same inode as `old`, which was unchanged


def write_tree(out: Path, files: Mapping[str, bytes]) -> None:
    """Replace the folder `out` by exactly `files` (relative POSIX path → bytes), atomically.

    Raise UnsafeOutput when `out` is not a previous output (see `outguard.replace_refusal`), and
    OSError when writing fails; in both cases `out` is left as it was. The new tree is made in
    a sibling folder, starting from the spare tree (`.<out>.spare`, the tree before the previous
    one) when there is one, and renamed into place; the replaced tree becomes the spare. A file
    the spare holds already is kept; one the previous tree holds is hard-linked from it (see
    `_fill`): a rebuild writes only what changed and removes nothing wholesale.
    """
    refusal = replace_refusal(out)
    if refusal is not None:
        raise UnsafeOutput(refusal)
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    spare = spare_of(out)
    try:
        previous = out if _is_tree(out) else None
        if _is_tree(spare):
            base = _read_manifest(manifest_of(spare))
            os.replace(spare, fresh)  # onto the empty folder just made
            try:
                manifest = _fill(fresh, files, previous, base)
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                    raise
                # the spare did not fit the new tree (a file where a folder goes): start empty
                shutil.rmtree(fresh)
                fresh.mkdir()
                manifest = _fill(fresh, files, previous)
        else:
            manifest = _fill(fresh, files, previous)
        fresh.chmod(0o755)
        swap_in(fresh, out, manifest)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def spare_of(out: Path) -> Path:
    """Return where the tree `out` replaced waits to be the start of the next one."""
    return out.with_name(f".{out.name}.spare")


def _is_tree(path: Path) -> bool:
    """Return whether `path` is a generated tree: a real folder holding `GENERATED_MARK`."""
    return path.is_dir() and not path.is_symlink() and (path / GENERATED_MARK).is_file()


def swap_in(fresh: Path, out: Path, manifest: Manifest | None = None) -> None:
    """Move the complete folder `fresh` to `out`, with its `manifest` beside it; the previous
    `out` becomes the spare tree when it is a generated tree (else it is removed).

    A build stopped between two renames leaves a manifest beside another tree than the one it
    describes: harmless, as every entry is checked against the files before use (`_fill`).
    """
    spare = spare_of(out)
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    fresh.rename(out)
    if _is_tree(old) and not spare.exists():
        old.rename(spare)
        if manifest_of(out).exists():
            os.replace(manifest_of(out), manifest_of(spare))
    elif old.exists():
        shutil.rmtree(old, ignore_errors=True)
    if manifest is None:
        manifest_of(out).unlink(missing_ok=True)
    else:
        try:
            _write_manifest(manifest_of(out), manifest)
        except OSError:  # a tree without its manifest is only slower to build again
            manifest_of(out).unlink(missing_ok=True)


def sync_tree(out: Path, files: Mapping[str, bytes]) -> int:
    """Make `out` hold exactly `files`, writing only what changed; return how many changed.

    For `mkdocs serve`, whose watcher keeps following the folder it started with. Raise
    UnsafeOutput, before touching anything, when `out` is not a previous output.
    """
    refusal = replace_refusal(out)
    if refusal is not None:
        raise UnsafeOutput(refusal)
    changed = 0
    wanted = {out.joinpath(*_checked(rel)): data for rel, data in files.items()}
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
