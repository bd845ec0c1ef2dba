"""Shared fixtures: paths of the repository and the seed."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SEED = ROOT.parent / "shared" / "seeds" / "000_f18801941a00c253.txt"


@pytest.fixture
def root() -> Path:
    """Return the repository root."""
    return ROOT
