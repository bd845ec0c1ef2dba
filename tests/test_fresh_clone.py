"""A new user's first `make site`: a clone with no .venv installs from the lock and builds.

The clone is of the last commit (what a user gets); `make site` creates .venv, installs
requirements/site.txt by hash (uv, itself installed by hash from requirements/bootstrap.txt)
and nothing of the test and lint tools, then builds the site.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_make_site_in_a_fresh_clone(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, capture_output=True)
    assert not (clone / ".venv").exists()
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "SOURCE_DATE_EPOCH", "MAKEFLAGS", "MFLAGS")}
    done = subprocess.run(["make", "--no-print-directory", "site"], cwd=clone, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "--require-hashes -r requirements/site.txt" in done.stdout
    home = (clone / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>首页 - 项目支出绩效自评公开</title>" in home
    bin_dir = clone / ".venv" / "bin"
    assert (bin_dir / "jixiao").is_file() and (bin_dir / "mkdocs").is_file()
    for tool in ("pytest", "ruff", "mypy", "zensical"):  # site only: no test or lint tools
        assert not (bin_dir / tool).exists(), tool
    # the end-of-life notice of Material is shown, not silenced (README "Dependencies")
    assert "end of life" in done.stdout + done.stderr
