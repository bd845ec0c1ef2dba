"""Shared fixtures: paths of the repository and the seed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Launch the system chromium; fail (never skip) in CI when it is missing."""
    if not CHROMIUM.is_file():
        message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield launched
        launched.close()


def pinned_pagefind() -> Path:
    """Return the Pagefind the project installs; fail (never skip) in CI when it is missing."""
    from generator.site.searchindex import pagefind_binary

    binary = pagefind_binary()
    if binary is None:
        message = "Pagefind is missing: run make node_modules (npm ci)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return binary


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
