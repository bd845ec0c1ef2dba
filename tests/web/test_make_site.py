"""`make site` in a sandbox copy of the repository: builds site/, and with a broken record fails
before writing anything, leaving the previous site/ and build/docs/ untouched (issue 7, item 4)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitebuild import CONTENT, ROOT

pytestmark = pytest.mark.slow


def _sandbox(tmp_path: Path) -> Path:
    box = tmp_path / "repo"
    box.mkdir()
    for name in ("Makefile", "pyproject.toml", "mkdocs.yml", "theme", "generator", "package.json",
                 "package-lock.json", "node_modules"):
        (box / name).symlink_to(ROOT / name)
    shutil.copytree(CONTENT, box / "content")
    return box


def _make_site(box: Path) -> subprocess.CompletedProcess[str]:
    # The running interpreter's environment stands in for .venv; -o: never reinstall it here.
    venv = Path(sys.prefix)
    return subprocess.run(["make", "--no-print-directory", "site", f"VENV={venv}",
                           "-o", f"{venv}/.site-installed",
                           "-o", "node_modules/.installed"], cwd=box, capture_output=True, text=True,
                          check=False)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_make_site_builds_then_fails_closed_on_a_broken_record(tmp_path: Path) -> None:
    box = _sandbox(tmp_path)
    first = _make_site(box)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (box / "site" / "records" / "2021" / "2021-cj-coal-network-ops" / "index.html").is_file()
    assert (box / "site" / "pagefind" / "pagefind.js").is_file()  # the search index, built in place
    assert sorted(p.name for p in (box / "build").iterdir()) == [".cache", ".docs.manifest", ".lock",
                                                              "docs", "mkdocs.yml"]
    site_before, docs_before = _tree(box / "site"), _tree(box / "build" / "docs")

    record = box / "content" / "records" / "2021" / "2021-cj-coal-network-ops.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("  weight: 10\n", "  weight: abc\n", 1),
                      encoding="utf-8")
    second = _make_site(box)
    assert second.returncode != 0
    assert "error S102" in second.stderr
    assert "未生成网站" in second.stderr
    assert _tree(box / "site") == site_before
    assert _tree(box / "build" / "docs") == docs_before
    assert sorted(p.name for p in (box / "build").iterdir()) == [".cache", ".docs.manifest", ".lock",
                                                              "docs", "mkdocs.yml"]
