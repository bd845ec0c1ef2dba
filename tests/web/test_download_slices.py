"""The downloads are made in slices of a year's records and, with the page cache, the writer
holds about one year's parts at a time: `records-all` reads every year's slices back from the
cache as it writes them (issue 16, memory). The bytes are those of a build in one slice a
year, and of a build without the cache, after any change."""

from __future__ import annotations

import io
import weakref
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.site import datafiles, treewrite
from tests.web.test_page_cache import YEARS, _build, _content, _edit, _record


def _unzipped(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert book.testzip() is None
        return {name: book.read(name) for name in book.namelist()}


def _same_downloads(sliced: dict[str, bytes], whole: dict[str, bytes]) -> None:
    """The same files; a workbook's sheets the same XML (deflated at other break points)."""
    assert sliced.keys() == whole.keys()
    for path in sliced:
        if path.endswith(".xlsx"):
            assert _unzipped(sliced[path]) == _unzipped(whole[path]), path
        else:
            assert sliced[path] == whole[path], path


def test_sliced_downloads_hold_what_one_slice_a_year_holds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = _content(tmp_path / "content", per_year=5)
    whole = _build(content, tmp_path / "whole" / "docs", "--no-cache")
    monkeypatch.setattr(datafiles, "SLICE", 2)  # three slices a year: 2, 2 and 1 records
    made: list[int] = []
    original = datafiles.make_parts
    monkeypatch.setattr(datafiles, "make_parts",
                        lambda prepared: made.append(len(prepared)) or original(prepared))
    sliced = _build(content, tmp_path / "sliced" / "docs", "--no-cache")
    assert made == [2, 2, 1] * len(YEARS)
    _same_downloads({p: b for p, b in sliced.items() if p.startswith("data/")},
                    {p: b for p, b in whole.items() if p.startswith("data/")})
    assert {p: b for p, b in sliced.items() if not p.startswith("data/")} == \
        {p: b for p, b in whole.items() if not p.startswith("data/")}
    two = _unzipped(sliced["data/records-2022.xlsx"])
    assert _unzipped(whole["data/records-2022.xlsx"]) == two
    assert sliced["data/records-2022.xlsx"] != whole["data/records-2022.xlsx"]  # really sliced


def test_sliced_cached_builds_match_a_plain_build_after_every_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datafiles, "SLICE", 2)
    content = _content(tmp_path / "content", per_year=5)
    out = tmp_path / "cached" / "docs"

    def same(label: str) -> None:
        assert _build(content, out) == _build(content, tmp_path / "plain" / "docs",
                                              "--no-cache"), label

    same("cold cache")
    same("warm cache")
    _edit(_record(content, 2022, 2), r"^title: .*$", "title: 更名后的项目")
    same("a title in the middle slice")
    _record(content, 2021, 0).unlink()
    same("a record removed: every later slice of its year shifts")
    last = _record(content, 2023, 4)
    text = last.read_text(encoding="utf-8").replace(last.stem, "2023-aaa-00009")
    (last.parent / "2023-aaa-00009.yaml").write_text(text, encoding="utf-8")
    same("a record added at the head of its year: every slice shifts")


def _watch_parts(monkeypatch: pytest.MonkeyPatch) -> list[weakref.ref[datafiles.Parts]]:
    """Keep a weak reference to every part made or read from the cache from now on."""
    alive: list[weakref.ref[datafiles.Parts]] = []

    def watched(function: Any) -> Any:
        def call(*args: Any) -> Any:
            parts = function(*args)
            if isinstance(parts, datafiles.Parts):
                alive.append(weakref.ref(parts))
            return parts
        return call

    monkeypatch.setattr(datafiles, "make_parts", watched(datafiles.make_parts))
    monkeypatch.setattr(datafiles, "_parts_from", watched(datafiles._parts_from))
    return alive


def _held_while_written(monkeypatch: pytest.MonkeyPatch,
                        alive: list[weakref.ref[datafiles.Parts]]) -> dict[str, int]:
    """Return, per download written from now on, the most parts alive while its pieces were
    being written."""
    held: dict[str, int] = {}
    original = treewrite.write_file

    def write(path: Any, data: bytes | Iterable[bytes], sync: bool = False) -> None:
        name = Path(path).name
        if "records-" not in name:
            return original(path, data, sync)

        def pieces() -> Iterator[bytes]:
            for piece in (data,) if isinstance(data, bytes) else data:
                held[name] = max(held.get(name, 0), sum(1 for ref in alive if ref() is not None))
                yield piece
        return original(path, pieces(), sync)

    monkeypatch.setattr(treewrite, "write_file", write)
    return held


def test_the_writer_holds_one_years_parts_at_a_time_with_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datafiles, "SLICE", 2)  # three slices a year
    content = _content(tmp_path / "content", per_year=5)
    alive = _watch_parts(monkeypatch)
    held = _held_while_written(monkeypatch, alive)
    cached = _build(content, tmp_path / "cached" / "docs")
    assert held["records-all.json"] <= 3  # one year's slices, read back from the cache
    assert max(held.values()) <= 3
    assert len(alive) == 3 * len(YEARS) * 5  # each year made once, read back for 4 files
    alive.clear()
    held.clear()
    plain = _build(content, tmp_path / "plain" / "docs", "--no-cache")
    assert held["records-all.json"] == 3 * len(YEARS)  # without a cache, every year is held
    assert cached == plain


def test_records_all_makes_a_slice_again_when_the_cache_lost_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A slice's entry gone, or damaged, between its year's files and records-all (a cache
    that could not be written) is made again: records-all is whole."""
    monkeypatch.setattr(datafiles, "SLICE", 2)
    content = _content(tmp_path / "content", per_year=5)
    cache_folder = tmp_path / "cached" / ".cache" / "pages"
    original = datafiles.group_chunks
    lost: list[Path] = []

    def losing(stem: str, name: str, *rest: Any) -> Iterator[bytes]:
        if stem == datafiles.ALL and not lost:
            lost.extend(p for p in cache_folder.rglob("*") if p.is_file()
                        and p.read_bytes().partition(b"\n")[2].startswith(datafiles._PARTS_MAGIC))
            for number, entry in enumerate(lost):
                if number % 2:
                    entry.unlink()
                else:
                    entry.write_bytes(entry.read_bytes()[:-3])
        return original(stem, name, *rest)

    monkeypatch.setattr(datafiles, "group_chunks", losing)
    cached = _build(content, tmp_path / "cached" / "docs")
    assert len(lost) == 3 * len(YEARS)
    monkeypatch.undo()
    monkeypatch.setattr(datafiles, "SLICE", 2)
    assert cached == _build(content, tmp_path / "plain" / "docs", "--no-cache")


def test_a_cache_that_cannot_be_written_keeps_the_years_parts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.site.pagecache import PageCache

    monkeypatch.setattr(datafiles, "SLICE", 2)
    monkeypatch.setattr(PageCache, "put", lambda self, key, data: False)
    content = _content(tmp_path / "content", per_year=5)
    alive = _watch_parts(monkeypatch)
    held = _held_while_written(monkeypatch, alive)
    cached = _build(content, tmp_path / "cached" / "docs")
    assert held["records-all.json"] == 3 * len(YEARS)  # held, as nothing could be stored
    assert len(alive) == 3 * len(YEARS)  # and made once
    monkeypatch.undo()
    monkeypatch.setattr(datafiles, "SLICE", 2)
    assert cached == _build(content, tmp_path / "plain" / "docs", "--no-cache")
