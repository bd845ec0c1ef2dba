"""The downloads are made in slices of a year's records and, with the page cache, nothing of
them is held while they are written: every file reads its own pieces back from the cache, slice
by slice (issue 16, memory). The bytes are those of a build in one slice a year, and of a build
without the cache, after any change."""

from __future__ import annotations

import io
import weakref
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.site import datafiles, treewrite
from tests.packs import damage_entries, pack_entries
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
    """Keep a weak reference to every part made from now on."""
    alive: list[weakref.ref[datafiles.Parts]] = []
    original = datafiles.make_parts

    def made(prepared: Any) -> datafiles.Parts:
        parts = original(prepared)
        alive.append(weakref.ref(parts))
        return parts

    monkeypatch.setattr(datafiles, "make_parts", made)
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


def test_the_writer_holds_no_part_with_the_cache(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datafiles, "SLICE", 2)  # three slices a year
    content = _content(tmp_path / "content", per_year=5)
    alive = _watch_parts(monkeypatch)
    held = _held_while_written(monkeypatch, alive)
    reads: list[str] = []
    original = datafiles._field_from
    monkeypatch.setattr(datafiles, "_field_from",
                        lambda data, name: reads.append(name) or original(data, name))
    cached = _build(content, tmp_path / "cached" / "docs")
    assert len(alive) == 3 * len(YEARS)  # each slice made once
    assert set(held) == {f"records-{stem}{kind}" for stem in (*map(str, YEARS), "all")
                         for kind in (".csv", "-indicators.csv", ".json", ".xlsx")}
    assert max(held.values()) == 0  # every piece read back from the cache as it is written
    # each file reads its own fields only, once per slice: a CSV or the JSON one field, the
    # workbook both sheets (for the year's files, then for records-all's)
    assert sorted(reads) == sorted(list(datafiles._FIELDS) * 2 * 3 * len(YEARS))
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
    lost: list[str] = []

    def losing(stem: str, name: str, *rest: Any) -> Iterator[bytes]:
        if stem == datafiles.ALL and not lost:
            lost.extend(key for key, data in pack_entries(cache_folder)
                        if data.startswith(datafiles.PART_MAGIC))
            order = {key: number for number, key in enumerate(lost)}

            def damaged(_: int, key: str, data: bytes) -> tuple[bytes, bool] | None:
                if key not in order:
                    return None
                if order[key] % 2:
                    return b"", False  # gone: nothing under its old digest
                return data[:-3], False  # cut short
            assert damage_entries(cache_folder, damaged) == len(lost)
        return original(stem, name, *rest)

    monkeypatch.setattr(datafiles, "group_chunks", losing)
    cached = _build(content, tmp_path / "cached" / "docs")
    assert len(lost) == len(datafiles._FIELDS) * 3 * len(YEARS)
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
