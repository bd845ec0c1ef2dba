"""Helpers shared by subcommands: paths as shown to users, content folders."""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Callable
from pathlib import Path

from generator.read.load import Loaded, display_path, load_file, record_files
from generator.read.recordcache import RecordCache
from generator.report.progress import progress

__all__ = ["add_content_argument", "add_paths_argument", "add_quiet_argument", "content_root",
           "describe_os_error", "display_path", "load_paths", "report_missing",
           "report_missing_content"]
"""`display_path` lives in `generator.read.load`; re-exported for the commands."""


def load_paths(paths: list[Path], cache: RecordCache | None = None, jobs: int | None = 1,
               quiet: bool = True, found: list[tuple[Path, str]] | None = None,
               then: Callable[[Loaded], Loaded] | None = None) -> list[Loaded]:
    """Load every record file found under `paths`, in sorted order (`read.load.load_paths`).

    Through `cache` when given; on `jobs` processes when there are many files (None: every
    core, `read/parallel.py`). Unless `quiet`, a progress bar on stderr counts the files, or
    names the stage while worker processes parse them (report/progress.py decides whether
    anyone is watching). `found` is `read.load.record_files(paths)` when the caller has it;
    `then` is what the worker processes do with each file they parse (`read.parallel.load_all`).
    """
    from generator.read.parallel import PARALLEL_FROM, load_all

    pairs = record_files(paths) if found is None else found
    if jobs != 1 and len(pairs) >= PARALLEL_FROM:
        bar = progress("", 0, quiet)
        bar.stage(f"读取 {len(pairs)} 个记录文件…")
        parsed = load_all(pairs, cache, jobs, then)
        bar.close()
        return parsed
    bar = progress("读取记录", len(pairs), quiet)
    loaded = []
    for file, shown in pairs:
        loaded.append(cache.load(file, shown) if cache is not None else load_file(file, shown))
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
