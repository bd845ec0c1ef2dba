"""The progress bar: on a real terminal only, never in CI, never with --quiet (issue 15)."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys

import pytest

from generator.report.progress import Progress, wanted
from tests.conftest import ROOT


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_draws_counts_and_erases_itself() -> None:
    out = _Terminal()
    bar = Progress(out, "读取记录", 4)
    for _ in range(4):
        bar.advance()
    bar.close()
    text = out.getvalue()
    assert "读取记录" in text and "1/4" in text and "4/4" in text
    assert text.endswith("\r\x1b[K")


def test_who_gets_a_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    terminal = _Terminal()
    assert wanted(False, terminal) is terminal
    assert wanted(True, terminal) is None  # --quiet
    assert wanted(False, io.StringIO()) is None  # piped, redirected
    monkeypatch.setenv("CI", "true")
    assert wanted(False, terminal) is None


def _validate_on_a_terminal(*extra: str) -> tuple[str, str]:
    """Run validate with stderr on a pseudo-terminal; return (stdout, what the terminal got)."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    done = subprocess.run([sys.executable, "-m", "generator", "validate", "content", *extra],
                          cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=follower, check=False)
    os.close(follower)
    seen = b""
    try:
        while chunk := os.read(leader, 65536):
            seen += chunk
    except OSError:  # the terminal closed
        pass
    os.close(leader)
    return done.stdout.decode(), seen.decode("utf-8", "replace")


def test_validate_on_a_terminal_shows_progress_and_quiet_does_not() -> None:
    stdout, terminal = _validate_on_a_terminal()
    assert "读取记录" in terminal and "4/4" in terminal
    quiet_stdout, quiet_terminal = _validate_on_a_terminal("--quiet")
    assert quiet_terminal == ""
    assert stdout == quiet_stdout  # stdout is the same either way
