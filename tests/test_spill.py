"""The spill file (issue 16, memory): packed records' pickles wait in an unlinked file beside the
cache, read back by position in this process and in forked ones; a build through it is the
build without it, and leaves nothing behind."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.cli.options import load_paths
from generator.read import parallel
from generator.read.recordcache import open_cache
from generator.read.siteconfig import SiteConfig
from generator.read.spill import Spill, Spilled
from generator.rules.check import check, checked_here
from generator.scoring.packed import PackedRecord, PackedScore
from tests.sitebuild import CONTENT

PIECES = [b"", b"a", "项目资金".encode() * 3000, bytes(range(256)) * 17]


_HANDLES: list[Spilled] = []
"""The handles a forked process reads (inherited, as the render workers inherit the records)."""


def _read_at(number: int) -> bytes:
    return _HANDLES[number].read()


def _read_in_a_fork(handles: list[Spilled]) -> list[bytes]:
    _HANDLES[:] = handles
    try:
        with multiprocessing.get_context("fork").Pool(1) as pool:
            return pool.map(_read_at, range(len(handles)))
    finally:
        _HANDLES.clear()


def test_pieces_come_back_as_written_here_and_in_a_forked_process(tmp_path: Path) -> None:
    spill = Spill(tmp_path / "cache")
    handles = [spill.put(piece) for piece in PIECES]
    assert [h.read() for h in reversed(handles)] == list(reversed(PIECES))
    assert _read_in_a_fork(handles) == PIECES
    assert list((tmp_path / "cache").iterdir()) == []  # unlinked as soon as made
    spill.close()
    with pytest.raises(OSError):
        handles[2].read()


def test_a_spill_that_cannot_be_made_raises(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("x")
    with pytest.raises(OSError):
        Spill(blocked / "cache")


def test_records_loaded_through_the_cache_on_two_processes_wait_in_the_spill(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    content = shutil.copytree(CONTENT, tmp_path / "content")
    site = SiteConfig()
    whole = load_paths([content], None, jobs=1)
    for round_ in ("cold", "warm"):
        cache = open_cache(tmp_path / "out" / ".cache" / "records", site.profile)
        loaded = load_paths([content], cache, jobs=2, then=checked_here(site))
        records = [item.record for item in loaded]
        assert all(isinstance(r, PackedRecord) and isinstance(r._blob, Spilled)
                   for r in records), round_
        scores = [item.checked[1] if item.checked else cache.score(item.path) for item in loaded]
        assert all(isinstance(s, PackedScore) and isinstance(s._blob, Spilled) for s in scores)
        assert records == [item.record for item in whole], round_
        assert [r.indicators for r in records] == [item.record.indicators for item in whole]
        again = pickle.loads(pickle.dumps(records[0]))  # a cache entry holds the pickle itself
        assert isinstance(again._blob, bytes) and again == records[0]
        check(loaded, site, cache)
        cache.flush(2)  # entries pickled from the spill, on forked processes
        assert cache.hits == (0 if round_ == "cold" else len(whole)), round_
        assert not [p for p in (tmp_path / "out" / ".cache").iterdir() if "spill" in p.name]


def test_a_build_through_the_spill_is_the_build_without_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)  # loaded, packed and spilled by workers
    content = shutil.copytree(CONTENT, tmp_path / "content")

    def tree(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    def build(out: Path, *extra: str) -> dict[str, bytes]:
        assert main(["build", "--content", str(content), "--out", str(out), "-q", *extra]) == 0
        return tree(out)

    plain = build(tmp_path / "plain" / "docs", "--no-cache")
    cold = build(tmp_path / "cached" / "docs")
    warm = build(tmp_path / "cached" / "docs")
    assert plain == cold == warm
    left = [name for name in os.listdir(tmp_path / "cached" / ".cache") if "spill" in name]
    assert left == []
