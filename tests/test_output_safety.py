"""Outputs that cannot destroy: refused folders, a full disk, two builds at once (issue 11)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.site import treewrite
from generator.site.mkdocs_hooks import SETTINGS_FILE
from generator.site.outguard import GENERATED_MARK
from generator.site.treewrite import UnsafeOutput, sync_tree, write_tree
from tests.conftest import CONTENT, ROOT, SEED
from tests.ledgerrepo import publish

SEED_RECORD = "2021-cj-energy-saving-service.yaml"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file below `folder` (git's own files included) with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with content/ committed, as the working directory."""
    work = tmp_path / "repo"
    work.mkdir()
    publish(work)
    monkeypatch.chdir(work)
    return work


REFUSED_BUILD = [
    ("content", "重叠"),
    (".", "重叠"),
    ("content/records", "重叠"),
    ("content/records/2021", "重叠"),
    ("..", "重叠"),
    (".git", ".git 内"),
    (".git/docs", ".git 内"),
    ("link-to-content", "重叠"),
    ("generator-like", "不是空的"),
]


@pytest.mark.parametrize(("out", "said"), REFUSED_BUILD, ids=[o for o, _ in REFUSED_BUILD])
def test_build_refuses_an_output_that_would_delete_records_or_git(
        repo: Path, out: str, said: str, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "link-to-content").symlink_to(repo / "content")
    (repo / "generator-like").mkdir()
    (repo / "generator-like" / "main.py").write_text("print('source')\n", encoding="utf-8")
    before = snapshot(repo.parent)
    assert main(["build", "--content", "content", "--out", out]) == 2
    captured = capsys.readouterr()
    assert said in captured.err and "Traceback" not in captured.err
    assert snapshot(repo.parent) == before
    assert sorted(p.name for p in repo.parent.iterdir()) == ["repo"]


def test_build_replaces_its_own_previous_output(repo: Path) -> None:
    assert main(["build", "--content", "content", "--out", "build/docs"]) == 0
    (repo / "content" / "records" / "2021" / SEED_RECORD).unlink()
    assert main(["build", "--content", "content", "--out", "build/docs"]) == 0
    assert (repo / "build" / "docs" / GENERATED_MARK).is_file()
    assert not any("energy-saving" in name for name in snapshot(repo / "build" / "docs"))


def test_generated_mark_is_the_settings_file_every_build_writes() -> None:
    assert GENERATED_MARK == SETTINGS_FILE


def test_writers_refuse_a_content_folder_whoever_calls_them(repo: Path) -> None:
    before = snapshot(repo)
    for writer in (write_tree, sync_tree):
        for folder in (repo / "content", repo, repo / ".git", repo / "content" / "records"):
            with pytest.raises(UnsafeOutput):
                writer(folder, {"index.md": b"x"})
    assert snapshot(repo) == before


REFUSED_IMPORT = [(".", "根目录"), (".git", ".git 内"), ("..", "根目录"),
                  ("content/records/2021", "内容文件夹")]


@pytest.mark.parametrize(("out", "said"), REFUSED_IMPORT, ids=[o for o, _ in REFUSED_IMPORT])
def test_import_refuses_git_and_the_work_tree(repo: Path, out: str, said: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(SEED, repo.parent / "seed.txt")
    before = snapshot(repo.parent)
    assert main(["import", "../seed.txt", "--out", out]) == 2
    captured = capsys.readouterr()
    assert said in captured.err and "Traceback" not in captured.err
    assert snapshot(repo.parent) == before


class Disk:
    """A folder on a disk that `fill` makes full: a real tmpfs when this process may mount
    one (root), else ENOSPC raised by `os.write` for every file below the folder."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch, real: bool):
        self.folder = folder
        self.monkeypatch = monkeypatch
        folder.mkdir()
        mounted = real and os.geteuid() == 0 and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0755", "tmpfs", str(folder)],
            capture_output=True, check=False).returncode == 0
        self.kind = "tmpfs" if mounted else "simulated"

    def fill(self) -> None:
        """Leave no free byte on the disk."""
        if self.kind == "tmpfs":
            chunk = b"\0" * 65536
            with (self.folder / "filler").open("wb", buffering=0) as filler:
                try:
                    while True:
                        filler.write(chunk)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC
            with (self.folder / "filler-2").open("wb", buffering=0) as filler:
                try:
                    while True:
                        filler.write(b"\0")
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC
            return
        real = os.write
        below = str(self.folder.resolve()) + "/"

        def full(fd: int, data: bytes) -> int:
            if os.readlink(f"/proc/self/fd/{fd}").startswith(below):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(fd, data)

        self.monkeypatch.setattr(os, "write", full)

    def free(self) -> None:
        """Make room again."""
        self.monkeypatch.undo()
        for name in ("filler", "filler-2"):
            (self.folder / name).unlink(missing_ok=True)

    def close(self) -> None:
        """Unmount the tmpfs, if any."""
        self.monkeypatch.undo()
        if self.kind == "tmpfs":
            subprocess.run(["umount", "-l", str(self.folder)], check=False)


@pytest.fixture(params=["tmpfs", "simulated"])
def disk(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Disk]:
    """A disk that can be made full (see Disk): a real tmpfs when possible, and simulated."""
    with pytest.MonkeyPatch.context() as patch:
        found = Disk(tmp_path / "disk", patch, request.param == "tmpfs")
        try:
            yield found
        finally:
            found.close()


def test_build_on_a_full_disk_keeps_the_previous_output(
        tmp_path: Path, disk: Disk, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    out = disk.folder / "docs"
    assert main(["build", "--content", str(content), "--out", str(out)]) == 0
    before = snapshot(out)
    record = content / "records" / "2021" / SEED_RECORD
    record.write_text(record.read_text(encoding="utf-8").replace(
        "title: 政府购买节能", "title: 政府采购节能"), encoding="utf-8")
    capsys.readouterr()
    disk.fill()
    assert main(["build", "--content", str(content), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "磁盘空间不足" in err and "保持原样" in err and "Traceback" not in err, disk.kind
    disk.free()
    assert snapshot(out) == before
    # the record cache and the tree's manifest beside the output come from the first build
    assert sorted(p.name for p in disk.folder.iterdir()) == [".cache", ".docs.manifest", "docs"]


def test_import_on_a_full_disk_writes_no_record_at_all(
        tmp_path: Path, disk: Disk, capsys: pytest.CaptureFixture[str]) -> None:
    content = disk.folder / "content"
    shutil.copytree(CONTENT, content)
    year = content / "records" / "2021"
    (year / SEED_RECORD).unlink()  # a new record to write
    changed = sorted(year.iterdir())[0]
    changed.write_bytes(changed.read_bytes() + b"# local note\n")  # one to overwrite (--force)
    before = snapshot(content)
    disk.fill()
    args = ["import", str(SEED), "--out", str(content), "--content", str(content), "--force"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "磁盘空间不足" in err and "Traceback" not in err, disk.kind
    disk.free()
    assert snapshot(content) == before
    assert all(size > 0 for size in (p.stat().st_size for p in year.iterdir()))
    assert main(args) == 0  # with room again the same import succeeds: nothing was left behind
    (new,) = [p for p in year.iterdir() if p.name not in {Path(n).name for n in before}]
    seed = (CONTENT / "records" / "2021" / SEED_RECORD).read_text(encoding="utf-8")
    assert new.read_text(encoding="utf-8") == seed.replace(
        "id: 2021-cj-energy-saving-service", f"id: {new.stem}")
    assert not [p for p in year.iterdir() if p.name.startswith(".")]


def test_a_failed_write_leaves_no_temporary_folder(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "docs"
    write_tree(out, {GENERATED_MARK: b"{}", "index.md": b"old"})

    def failing(path: Path, data: bytes, sync: bool = False) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(treewrite, "write_file", failing)
    with pytest.raises(OSError):
        write_tree(out, {GENERATED_MARK: b"{}", "index.md": b"new"})
    assert sorted(p.name for p in tmp_path.iterdir()) == [".docs.manifest", "docs"]
    assert (out / "index.md").read_bytes() == b"old"


def _site_copy(folder: Path) -> None:
    """Copy what `make site` reads into `folder`."""
    for name in ("Makefile", "mkdocs.yml"):
        shutil.copy(ROOT / name, folder / name)
    for name in ("package.json", "package-lock.json", "node_modules"):  # the site search (Pagefind)
        (folder / name).symlink_to(ROOT / name)
    for name in ("content", "theme", "generator"):
        shutil.copytree(ROOT / name, folder / name,
                        ignore=shutil.ignore_patterns("__pycache__"))


def test_two_concurrent_make_site_leave_one_complete_site(tmp_path: Path) -> None:
    _site_copy(tmp_path)
    venv = Path(sys.executable).parent.parent
    command = ["make", "--no-print-directory", f"VENV={venv}", "-o", f"{venv}/.site-installed",
               "-o", "node_modules/.installed",
               "SOURCE_DATE_EPOCH=1662019200", "site"]
    runs = [subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT) for _ in range(2)]
    outputs = [run.communicate(timeout=600)[0].decode("utf-8", "replace") for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    pages = sorted(p.relative_to(tmp_path / "build" / "docs").with_suffix("")
                   for p in (tmp_path / "build" / "docs").rglob("*.md"))
    assert len(pages) > 10
    missing = [page for page in pages if not (tmp_path / "site" / (
        "index.html" if page.name == "index" and page.parent == Path(".")
        else page.parent / "index.html" if page.name == "index"
        else page / "index.html")).is_file()]
    assert missing == []
    assert (tmp_path / "site" / "404.html").is_file()
    # the second build kept the first one's tree as its spare (treewrite.write_tree)
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == [
        ".cache", ".docs.manifest", ".docs.spare", ".docs.spare.manifest", ".lock", "docs",
        "mkdocs.yml"]


@pytest.mark.parametrize("out", ["content", ".", ".git", "content/records"])
def test_synth_never_mixes_synthetic_records_with_published_ones(
        repo: Path, out: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(repo)
    assert main(["synth", "--count", "2", "--out", out]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert snapshot(repo) == before
    assert main(["synth", "--count", "2", "--out", "build/synth"]) == 0
    assert len(list((repo / "build" / "synth" / "records" / "2023").iterdir())) == 2
