"""Helpers shared by subcommands: paths as shown to users, content folders."""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.ledger.gitrepo import blob_id
from generator.ledger.record_ledger import RecordHistory, read_histories
from generator.model.record import Record
from generator.read.load import Loaded, discover, load_file


def display_path(path: Path) -> str:
    """Return the path relative to the working directory when it lies below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_paths(paths: list[Path]) -> list[Loaded]:
    """Load every record file found under `paths`, in sorted order."""
    return [load_file(file, display_path(file)) for file in discover(paths)]


def content_histories(content: Path,
                      loaded: Sequence[Loaded] = ()) -> dict[str, RecordHistory]:
    """Return the git history of every record file under `content`, keyed as `load_paths` names them.

    `loaded` (from `load_paths`) spares parsing again the versions the working tree holds.
    """
    files = discover([content])
    found = read_histories(files, _known_blobs(files, loaded))
    return {display_path(file): history for file, history in found.items()}


def _known_blobs(files: list[Path], loaded: Sequence[Loaded]) -> dict[str, Record]:
    records = {item.path: item.record for item in loaded if item.record is not None}
    known: dict[str, Record] = {}
    for file in files:
        record = records.get(display_path(file))
        if record is not None and not file.is_symlink():
            try:
                known[blob_id(file.read_bytes())] = record
            except OSError:
                continue  # then git's copy is parsed instead
    return known


def content_root(paths: list[Path]) -> Path:
    """Return the content folder holding site.yaml for the given paths (default `content`)."""
    for path in paths:
        for candidate in (path, *path.resolve().parents):
            if (candidate / "site.yaml").is_file():
                return candidate
    return Path("content")


def add_paths_argument(parser: argparse.ArgumentParser) -> None:
    """Add the positional record paths (default `content`), shared by validate and score."""
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("content")],
                        help="记录文件或文件夹（默认 content）")


def report_missing(paths: list[Path]) -> bool:
    """Print the paths that do not exist and return True when there are any (usage error)."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        print("找不到：" + "、".join(str(p) for p in missing), file=sys.stderr)
    return bool(missing)


def add_content_argument(parser: argparse.ArgumentParser) -> None:
    """Add `--content DIR` (default `content`), shared by build and diff."""
    parser.add_argument("--content", type=Path, default=Path("content"),
                        help="内容文件夹（默认 content）")


def report_missing_content(content: Path) -> bool:
    """Print a usage error and return True when the content folder does not exist."""
    if content.is_dir():
        return False
    print(f"找不到内容文件夹：{content}", file=sys.stderr)
    return True


_OS_ERRORS = {errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "超出磁盘配额",
              errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限",
              errno.EROFS: "文件系统只读", errno.EIO: "磁盘读写错误"}


def describe_os_error(exc: OSError) -> str:
    """Return a Chinese description of why a write failed, naming the file when known."""
    reason = _OS_ERRORS.get(exc.errno or 0, f"系统错误（{exc.strerror or exc}）")
    return f"{reason}（{exc.filename}）" if exc.filename else reason
