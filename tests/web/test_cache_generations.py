"""Cache generations (issue 16): a build keeps its own generation of each cache and the one used
last before it, and removes the rest, so code and settings changes do not pile up copies."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.cli.main import main
from generator.read import generations
from generator.read.checkedfile import write_checked
from tests.conftest import CONTENT


def _generation(folder: Path, name: str, used_ns: int | None) -> Path:
    entry = folder / name / "ab" / ("ab" + "0" * 62)
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"entry")
    if used_ns is not None:
        (folder / name / generations.USED).write_bytes(b"")
        os.utime(folder / name / generations.USED, ns=(used_ns, used_ns))
    return folder / name


def test_the_current_and_the_last_used_generation_stay_the_rest_goes(tmp_path: Path) -> None:
    cache = tmp_path / "records"
    oldest = _generation(cache, "1" * 16, 1_000_000_000)
    unmarked = _generation(cache, "2" * 16, None)  # not known to be ours: left alone
    last = _generation(cache, "3" * 16, 3_000_000_000)
    current = _generation(cache, "4" * 16, 2_000_000_000)  # used before, now again
    (cache / "ab").mkdir()  # the layout before generations: entries named by their SHA-256
    (cache / "ab" / ("ab" + "1" * 62)).write_bytes(b"old")
    write_checked(cache / "stat-index", b"old index")
    (cache / "cd").mkdir()  # two hex digits, but holding something else: not ours
    (cache / "cd" / "photo.jpg").write_bytes(b"not ours")
    (cache / "notes.txt").write_text("not ours", encoding="utf-8")
    outside = tmp_path / "elsewhere"
    _generation(outside, "5" * 16, 4_000_000_000)
    (cache / ("6" * 16)).symlink_to(outside / ("5" * 16))  # never followed, never removed
    generations.retire_others(cache, current.name)
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        [current.name, last.name, unmarked.name, "cd", "notes.txt", "6" * 16])
    assert not oldest.exists()
    assert (current / "ab").is_dir() and (last / "ab").is_dir() and (unmarked / "ab").is_dir()
    assert (cache / "cd" / "photo.jpg").is_file() and (outside / ("5" * 16) / "ab").is_dir()
    assert (current / generations.USED).stat().st_mtime_ns > 3_000_000_000


def test_a_stat_index_that_is_not_ours_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "stat-index").write_text("some other program's file", encoding="utf-8")
    generations.retire_others(tmp_path, "4" * 16)
    assert (tmp_path / "stat-index").is_file()


def _build(content: Path, out: Path, title: str) -> None:
    """Build `content` into `out` with the site titled `title`."""
    site = content / "site.yaml"
    lines = [line for line in site.read_text(encoding="utf-8").splitlines()
             if not line.startswith("title:")]
    site.write_text("\n".join([f"title: {title}", *lines]) + "\n", encoding="utf-8")
    assert main(["build", "--content", str(content), "--out", str(out), "-q"]) == 0


def test_builds_under_three_settings_keep_two_page_generations_and_one_of_records(
        tmp_path: Path) -> None:
    content = shutil.copytree(CONTENT, tmp_path / "content")
    out = tmp_path / "build" / "docs"
    cache = tmp_path / "build" / ".cache"
    folders = []
    for title in ("第一版", "第二版", "第三版"):  # the site settings are in the pages' salt
        _build(content, out, title)
        folders.append({p.name for p in (cache / "pages").iterdir()})
    assert [len(f) for f in folders] == [1, 2, 2]
    assert folders[0] <= folders[1] and not folders[0] & folders[2]  # the first went
    assert len([p for p in (cache / "records").iterdir() if p.is_dir()]) == 1  # one profile
    kept = main(["build", "--content", str(content), "--out", str(tmp_path / "plain" / "docs"),
                 "-q", "--no-cache"])
    assert kept == 0
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()} \
        == {p.relative_to(tmp_path / "plain" / "docs").as_posix(): p.read_bytes()
            for p in (tmp_path / "plain" / "docs").rglob("*") if p.is_file()}
