"""Fixtures of the site tests: the site built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitebuild import session_site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return site/ built from content/ plus the hostile record, once per session."""
    return session_site(tmp_path_factory.mktemp("site-build"))
