"""Helpers shared by subcommands: paths as shown to users, content folders."""

from __future__ import annotations

from pathlib import Path

from generator.load import Loaded, discover, load_file


def display_path(path: Path) -> str:
    """Return the path relative to the working directory when it lies below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_paths(paths: list[Path]) -> list[Loaded]:
    """Load every record file found under `paths`, in sorted order."""
    return [load_file(file, display_path(file)) for file in discover(paths)]


def content_root(paths: list[Path]) -> Path:
    """Return the content folder holding site.yaml for the given paths (default `content`)."""
    for path in paths:
        for candidate in (path, *path.resolve().parents):
            if (candidate / "site.yaml").is_file():
                return candidate
    return Path("content")
