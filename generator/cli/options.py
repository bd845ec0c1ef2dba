"""Helpers shared by subcommands: paths as shown to users, content folders."""

from __future__ import annotations

import argparse
import errno
import sys
from pathlib import Path

from generator.read.load import Loaded, discover, display_path, load_file
from generator.report.progress import progress

__all__ = ["add_content_argument", "add_paths_argument", "add_quiet_argument", "content_root",
           "describe_os_error", "display_path", "load_paths", "report_missing",
           "report_missing_content"]
"""`display_path` lives in `generator.read.load`; re-exported for the commands."""


def load_paths(paths: list[Path], quiet: bool = True) -> list[Loaded]:
    """Load every record file found under `paths`, in sorted order (`read.load.load_paths`).

    Unless `quiet`, a progress bar on stderr counts the files (report/progress.py decides
    whether anyone is watching).
    """
    files = discover(paths)
    bar = progress("读取记录", len(files), quiet)
    loaded = []
    for file in files:
        loaded.append(load_file(file, display_path(file)))
        bar.advance()
    bar.close()
    return loaded


def add_quiet_argument(parser: argparse.ArgumentParser) -> None:
    """Add `--quiet`: no progress bar (and no closing summary where the command has one)."""
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="不显示进度条（进度条只在终端中、未设置 CI 时显示）")


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
