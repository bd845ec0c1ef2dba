"""Helpers shared by subcommands: paths as shown to users, content folders."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.read.load import display_path, load_paths

__all__ = ["add_content_argument", "add_paths_argument", "content_root", "display_path",
           "load_paths", "report_missing", "report_missing_content"]
"""`display_path` and `load_paths` live in `generator.read.load`; re-exported for the commands."""


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
