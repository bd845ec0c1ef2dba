"""Helpers shared by subcommands: paths as shown to users, content folders."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.ledger.record_ledger import RecordHistory, read_histories
from generator.read.load import Loaded, discover
from generator.read.recordcache import RecordCache


def display_path(path: Path) -> str:
    """Return the path relative to the working directory when it lies below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_paths(paths: list[Path], cache: RecordCache | None = None,
               jobs: int | None = 1) -> list[Loaded]:
    """Load every record file found under `paths`, in sorted order (through `cache` if given;
    on `jobs` processes when there are many, None for every core)."""
    from generator.read.parallel import load_all

    return load_all([(file, display_path(file)) for file in discover(paths)], cache, jobs)


def content_histories(content: Path) -> dict[str, RecordHistory]:
    """Return the git history of every record file under `content`, keyed as `load_paths` names them."""
    found = read_histories(discover([content]))
    return {display_path(file): history for file, history in found.items()}


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
