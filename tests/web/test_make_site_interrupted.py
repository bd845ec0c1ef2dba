"""`make site` interrupted leaves the previous site, and rebuilds the same bytes (real Makefile).

Extends tests/web/test_make_site.py (a broken record fails closed). The recipe runs in a scratch project (mkdocs.yml, theme/ and generator/ of this repository, a
copy of content/ committed to a fresh git repository at a fixed date) with this test's virtual
environment. A kill is simulated with a `sitecustomize` module that sends SIGKILL to the process
after it has opened a given number of files for writing below a given path.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CONTENT, ROOT

pytestmark = pytest.mark.slow
COMMIT_DATE = "2022-08-31T12:00:00+00:00"
KILLER = '''
import builtins, io, os, signal
_pattern, _after = os.environ["JX_KILL_PATTERN"], int(os.environ["JX_KILL_AFTER"])
_real, _count = io.open, [0]
def _open(file, mode="r", *args, **kwargs):
    if isinstance(file, (str, os.PathLike)) and set(mode) & set("wax") and _pattern in os.fspath(file):
        _count[0] += 1
        if _count[0] > _after:
            os.kill(os.getpid(), signal.SIGKILL)
    return _real(file, mode, *args, **kwargs)
builtins.open = io.open = _open
_real_os_open = os.open
def _os_open(path, flags, *args, **kwargs):  # the generator writes through os.open/os.write
    if flags & (os.O_WRONLY | os.O_RDWR) and _pattern in os.fspath(path):
        _count[0] += 1
        if _count[0] > _after:
            os.kill(os.getpid(), signal.SIGKILL)
    return _real_os_open(path, flags, *args, **kwargs)
os.open = _os_open
'''


def digests(folder: Path) -> dict[str, str]:
    """Return every file's sha256 below `folder`, by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def git(project: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE}
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
                   cwd=project, env=env, check=True, capture_output=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", folder)
    for name in ("theme", "generator", "package.json", "package-lock.json", "node_modules"):
        (folder / name).symlink_to(ROOT / name)
    shutil.copytree(CONTENT, folder / "content")
    git(folder, "init", "-q")
    git(folder, "add", "content")
    git(folder, "commit", "-q", "-m", "content")
    killer = tmp_path / "killer"
    killer.mkdir()
    (killer / "sitecustomize.py").write_text(KILLER, encoding="utf-8")
    return folder


def make_site(project: Path, kill: tuple[str, int] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `make site` of this repository's Makefile in `project`; kill as asked."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if kill is not None:
        env.update(PYTHONPATH=str(project.parent / "killer"), JX_KILL_PATTERN=kill[0],
                   JX_KILL_AFTER=str(kill[1]))
    venv = sys.prefix
    return subprocess.run(["make", "--no-print-directory", "-C", str(project), "-f",
                           str(ROOT / "Makefile"), f"VENV={venv}", "-o", f"{venv}/.site-installed",
                           "-o", "node_modules/.installed",
                           "site"], env=env, capture_output=True, text=True, check=False)


def test_an_interrupted_make_site_leaves_the_previous_site_and_a_rebuild_is_identical(
        project: Path) -> None:
    first = make_site(project)
    assert first.returncode == 0, first.stdout + first.stderr
    site, docs = project / "site", project / "build" / "docs"
    # the Makefile dates the sitemap by the last commit of content/, not by the clock
    assert "<lastmod>2022-08-31</lastmod>" in (site / "sitemap.xml").read_text(encoding="utf-8")
    built = digests(site)
    (site / "previous-build.txt").write_bytes(b"the site as it was before\n")
    before, docs_before = digests(site), digests(docs)

    # an edited record: unchanged files are linked from the previous tree, not written, so the
    # interrupted builds must have something to write (the record's pages and downloads)
    record = project / "content" / "records" / "2021" / "2021-cj-coal-network-ops.yaml"
    original = record.read_text(encoding="utf-8")
    record.write_text(original.replace('notes: ""', 'notes: "更正说明：补充说明。"'), encoding="utf-8")
    assert record.read_text(encoding="utf-8") != original
    # the generator first: neither the Markdown tree nor the site changes
    killed = make_site(project, kill=(".docs.new-", 1))  # the edit writes 3 files
    # the recipe is one locked shell: bash reports the kill, make the exit status 137
    assert killed.returncode == 2 and "Killed" in killed.stderr, killed.stderr
    assert digests(site) == before  # never half a site: byte for byte, marker too
    assert digests(docs) == docs_before
    # then MkDocs, after the generator has written the edit: the site is still the previous one
    killed = make_site(project, kill=("site.new", 10))
    assert killed.returncode == 2 and "Killed" in killed.stderr, killed.stderr
    assert digests(site) == before
    assert digests(docs) != docs_before

    record.write_text(original, encoding="utf-8")
    again = make_site(project)
    assert again.returncode == 0, again.stdout + again.stderr
    assert digests(site) == built  # complete, marker gone, byte-identical to the first build
    # a hard kill leaves the generator's hidden temporary folder behind; site.new is cleared
    assert sorted(p.name for p in (project / "build").iterdir()
                  if not p.name.startswith(".")) == ["docs", "mkdocs.yml"]
