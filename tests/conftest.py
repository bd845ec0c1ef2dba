"""Shared fixtures: paths of the repository and the seed."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
_SEED_NAME = Path("shared") / "seeds" / "000_f18801941a00c253.txt"
SEED = next((base / _SEED_NAME for base in ROOT.parents if (base / _SEED_NAME).is_file()),
            ROOT.parent / _SEED_NAME)
"""`../shared/seeds/…` from the repository root (found further up from a helper's worktree)."""


@pytest.fixture
def root() -> Path:
    """Return the repository root."""
    return ROOT


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI, fail a run that skipped a test or collected none: nothing may skip silently."""
    import os

    if not os.environ.get("CI"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter is not None else 0
    if skipped or session.testscollected == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter is not None:
            reporter.write_line(f"CI: {skipped} skipped, {session.testscollected} collected; "
                                "skips and empty runs are failures in CI.", red=True)
