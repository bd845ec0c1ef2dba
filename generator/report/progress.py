"""A progress bar on stderr for long runs (validate, build, import): only for a person watching.

Drawn only when stderr is a terminal and `CI` is not set, never with `--quiet`; stdout is never
touched, so piped and machine-read output stays the same.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

WIDTH = 30


class Progress:
    """Counts done steps of one stage and redraws one line when the shown figure changes."""

    def __init__(self, stream: TextIO | None, label: str, total: int) -> None:
        self.stream, self.label, self.total, self.done = stream, label, total, 0
        self._shown = -1

    def advance(self, count: int = 1) -> None:
        """Mark `count` more steps done."""
        self.done += count
        if self.stream is None or self.total <= 0:
            return
        permille = self.done * 1000 // self.total
        if permille != self._shown:
            self._shown = permille
            filled = WIDTH * self.done // self.total
            bar = "█" * filled + "·" * (WIDTH - filled)
            self.stream.write(f"\r{self.label} {bar} {self.done}/{self.total}")
            self.stream.flush()

    def stage(self, text: str) -> None:
        """Replace the bar by the name of a stage that has no count (e.g. 生成页面…)."""
        if self.stream is not None:
            self.stream.write(f"\r\x1b[K{text}")
            self.stream.flush()

    def close(self) -> None:
        """Erase the line, leaving the terminal as it was."""
        if self.stream is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def wanted(quiet: bool, stream: TextIO | None = None) -> TextIO | None:
    """Return the stream to draw on, or None: quiet, in CI, or stderr not a terminal."""
    stream = stream if stream is not None else sys.stderr
    if quiet or os.environ.get("CI") or not stream.isatty():
        return None
    return stream


def progress(label: str, total: int, quiet: bool) -> Progress:
    """Return a progress bar for `total` steps (silent unless a person watches stderr)."""
    return Progress(wanted(quiet), label, total)
