"""Shared fixtures: paths of the repository and the seed."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_HOME = ROOT / "tests" / "fixtures" / "seed"
"""Run commands here to name the fixture `content/…`, as they name the real one from ROOT."""
CONTENT = SEED_HOME / "content"
"""The content folder tests read: a frozen copy of content/ as the seed gave it (four records,
site.yaml, the seed document), so that publishing a record in content/ changes no test."""
SEED = CONTENT / "sources" / "000_f18801941a00c253.txt"
"""The seed document, byte for byte as published; content/sources/ keeps it as provenance."""
LIVE_CONTENT = ROOT / "content"
"""The repository's real content folder: only checked to validate without errors."""


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
