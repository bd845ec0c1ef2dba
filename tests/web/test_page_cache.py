"""The page cache (build/.cache/pages/), parallel rendering and linked writes are optimisations
only (issue 16): the same bytes with and without them, after any change to the records; a
corrupted entry is ignored; a changed record changes its page and the listings showing it."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.cli.main import main
from generator.importers.emit import emit_record
from generator.importers.synth import synth_records
from generator.site import render
from tests.packs import damage_entries, entry_keys, pack_entries

YEARS = (2021, 2022, 2023)


def _content(folder: Path, per_year: int = 6) -> Path:
    """Write synthetic records over three years (several departments, recurring projects)."""
    (folder / "records").mkdir(parents=True)
    (folder / "site.yaml").write_text("title: 测试\nprofile: national\n", encoding="utf-8")
    for year in YEARS:
        (folder / "records" / str(year)).mkdir()
        for data in synth_records(per_year, seed=7, year=year):
            (folder / "records" / str(year) / f"{data['id']}.yaml").write_text(
                emit_record(data), encoding="utf-8")
    return folder


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(content: Path, out: Path, *extra: str) -> dict[str, bytes]:
    assert main(["build", "--content", str(content), "--out", str(out), "-q", *extra]) == 0
    return _tree(out)


def _record(content: Path, year: int, position: int = 0) -> Path:
    return sorted((content / "records" / str(year)).glob("*.yaml"))[position]


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert changed != text, pattern
    path.write_text(changed, encoding="utf-8")


def _damage(entries: list[Path], alter: Callable[[bytes], bytes]) -> None:
    """Truncate a third of the cache `entries`, replace a third by garbage, and `alter` the
    bytes of the rest under their old digest."""
    for number, entry in enumerate(entries):
        raw = entry.read_bytes()
        if number % 3 == 0:
            entry.write_bytes(raw[:-20])                      # truncated
        elif number % 3 == 1:
            entry.write_bytes(b"\x00garbage" * 10)            # garbage
        else:
            digest, _, data = raw.partition(b"\n")
            entry.write_bytes(digest + b"\n" + alter(data))   # altered


def _count_parts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the records of each year's download parts made from now on (`datafiles.make_parts`)."""
    from generator.site import datafiles

    made: list[int] = []
    original = datafiles.make_parts

    def counted(prepared: Any) -> datafiles.Parts:
        made.append(len(prepared))
        return original(prepared)

    monkeypatch.setattr(datafiles, "make_parts", counted)
    return made


def test_cached_parallel_and_serial_builds_match_a_plain_build_after_every_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = _content(tmp_path / "content")
    out = tmp_path / "cached" / "docs"

    def same(label: str) -> None:
        plain = _build(content, tmp_path / "plain" / "docs", "--no-cache")
        monkeypatch.setattr(render, "PARALLEL_FROM", 1)  # every build on two processes
        parallel = _build(content, out)
        monkeypatch.setattr(render, "PARALLEL_FROM", 10**9)  # and in one
        serial = _build(content, out)
        assert plain == parallel, label
        assert plain == serial, label

    same("cold cache")
    same("warm cache")
    monkeypatch.setattr(render, "PARALLEL_FROM", 10**9)
    _edit(_record(content, 2022), r"^title: .*$", "title: 更名后的项目")
    same("a title listed on year and department pages")
    _edit(_record(content, 2023, 1), r"executed: [0-9.]+}", "executed: 1.00}")
    same("a figure that moves the score, the medians and the year's summary")
    _edit(_record(content, 2021, 2), r"^department: .*$", "department: 新设立的部门")
    same("a record moving to a new department")
    _record(content, 2023, 3).unlink()
    same("a record removed")
    assert (tmp_path / "cached" / ".cache" / "pages").is_dir()


def test_a_changed_record_changes_its_page_and_the_listings_that_show_it(tmp_path: Path) -> None:
    content = _content(tmp_path / "content")
    out = tmp_path / "docs"
    before = _build(content, out)
    changed = _record(content, 2022)
    record_id = changed.stem
    _edit(changed, r"^title: .*$", "title: 更名后的项目")
    after = _build(content, out)
    assert after == _build(content, tmp_path / "plain" / "docs", "--no-cache")
    differ = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    page = f"records/2022/{record_id}.md"
    assert page in differ
    assert "更名后的项目" in after[page].decode("utf-8")
    assert {"years/2022/index.md", "data/records-2022.csv", "data/records-all.csv",
            "data/records-all.json", "data/records-2022.xlsx"} <= differ
    listing = after["years/2022/index.md"].decode("utf-8")
    assert "更名后的项目" in listing
    departments = {p for p in differ if p.startswith("departments/") and p.endswith("index.md")}
    assert any("更名后的项目" in after[p].decode("utf-8") for p in departments)
    # the other years' downloads are untouched (their record pages change only where the
    # project recurs: the series table names every year's title)
    assert not any(p.startswith(("data/records-2021", "data/records-2023")) for p in differ)
    assert len([p for p in differ if p.startswith("records/")]) < len(YEARS) * 6


def test_corrupted_page_cache_entries_are_ignored(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    content = _content(tmp_path / "content", per_year=3)
    expected = _build(content, tmp_path / "plain" / "docs", "--no-cache")
    out = tmp_path / "cached" / "docs"
    _build(content, out)
    cache = tmp_path / "cached" / ".cache" / "pages"

    def damaged(number: int, _: str, data: bytes) -> tuple[bytes, bool]:
        """A third truncated, a third garbage, a third altered (each under its old digest)."""
        return ((data[:-20], False), (b"\x00garbage" * 10, False),
                (data.replace(b"<", b">", 1) + b"!", False))[number % 3]

    assert damage_entries(cache, damaged) == len(pack_entries(cache)) > 3
    capsys.readouterr()
    assert _build(content, out) == expected
    assert capsys.readouterr().err == ""


def test_an_unchanged_file_is_linked_from_the_previous_tree_not_written(tmp_path: Path) -> None:
    content = _content(tmp_path / "content", per_year=3)
    out = tmp_path / "docs"
    _build(content, out)
    changed = _record(content, 2022)
    kept = out / "data" / "records-2021.csv"
    rewritten = out / "records" / "2022" / f"{changed.stem}.md"
    inodes = (kept.stat().st_ino, rewritten.stat().st_ino)
    _edit(changed, r"^title: .*$", "title: 更名后的项目")
    after = _build(content, out)
    assert after == _build(content, tmp_path / "plain" / "docs", "--no-cache")
    assert kept.stat().st_ino == inodes[0]
    assert rewritten.stat().st_ino != inodes[1]


def test_a_file_reached_through_a_link_out_of_the_previous_tree_is_never_linked(
        tmp_path: Path) -> None:
    content = _content(tmp_path / "content", per_year=2)
    out = tmp_path / "docs"
    expected = _build(content, out)
    outside = tmp_path / "elsewhere"
    (out / "data").rename(outside)
    (out / "data").symlink_to(outside, target_is_directory=True)
    foreign = outside / "records-2021.csv"
    assert _build(content, out) == expected
    assert not (out / "data").is_symlink()
    assert (out / "data" / "records-2021.csv").stat().st_ino != foreign.stat().st_ino
    assert foreign.stat().st_nlink == 1


def test_corrupted_compiled_templates_are_ignored(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    content = _content(tmp_path / "content", per_year=2)
    expected = _build(content, tmp_path / "plain" / "docs", "--no-cache")
    assert not (tmp_path / "plain" / ".cache").exists()
    out = tmp_path / "cached" / "docs"
    assert _build(content, out) == expected
    entries = sorted((tmp_path / "cached" / ".cache" / "templates").iterdir())
    assert entries  # one per template the build compiled
    _damage(entries, lambda data: data[:-1] + bytes([data[-1] ^ 1]))
    capsys.readouterr()
    assert _build(content, out) == expected
    assert capsys.readouterr().err == ""
    assert _build(content, out) == expected  # and from the entries written again


def test_all_years_downloads_from_each_years_kept_rows_match_a_plain_build(
        tmp_path: Path) -> None:
    content = _content(tmp_path / "content", per_year=3)
    out = tmp_path / "cached" / "docs"
    _build(content, out)
    kept = entry_keys(tmp_path / "cached" / ".cache" / "pages")
    _edit(_record(content, 2023, 1), r"^title: .*$", "title: 更名后的项目")
    after = _build(content, out)  # records-all from 2021's and 2022's kept rows
    assert after == _build(content, tmp_path / "plain" / "docs", "--no-cache")
    assert "更名后的项目" in after["data/records-all.json"].decode("utf-8")
    assert set(entry_keys(tmp_path / "cached" / ".cache" / "pages")) > set(kept)


def test_a_one_record_rebuild_makes_only_its_years_download_parts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = _content(tmp_path / "content", per_year=3)
    out = tmp_path / "cached" / "docs"
    before = _build(content, out)
    made = _count_parts(monkeypatch)
    _edit(_record(content, 2022, 1), r"^title: .*$", "title: 更名后的项目")
    after = _build(content, out)
    assert made == [3]  # 2022's parts; 2021's and 2023's read as they are
    monkeypatch.undo()  # the plain build below counts nothing
    plain = _build(content, tmp_path / "plain" / "docs", "--no-cache")
    downloads = sorted(p for p in plain if p.startswith("data/"))
    assert [after[p] for p in downloads] == [plain[p] for p in downloads]
    assert {p for p in downloads if before[p] != after[p]} == {
        f"data/records-{stem}{kind}" for stem in ("2022", "all")
        for kind in (".csv", "-indicators.csv", ".json", ".xlsx")}


def test_the_all_years_workbook_from_kept_parts_lists_every_years_rows(tmp_path: Path) -> None:
    import openpyxl

    content = _content(tmp_path / "content", per_year=3)
    out = tmp_path / "cached" / "docs"
    _build(content, out)
    _edit(_record(content, 2021, 2), r"^title: .*$", "title: 更名后的项目")
    after = _build(content, out)
    book = openpyxl.load_workbook(io.BytesIO(after["data/records-all.xlsx"]))
    projects = [[cell.value for cell in row] for row in book["项目"].iter_rows()]
    header, rows = projects[0], projects[1:]
    assert len(rows) == len(YEARS) * 3
    year_at, id_at, title_at = header.index("年度"), header.index("编号"), header.index("项目名称")
    for year in YEARS:  # newest year first, each year's rows as in its own workbook
        own = openpyxl.load_workbook(io.BytesIO(after[f"data/records-{year}.xlsx"]))["项目"]
        theirs = [[cell.value for cell in row] for row in own.iter_rows(min_row=2)]
        start = (max(YEARS) - year) * 3
        assert rows[start:start + 3] == theirs
        assert {row[year_at] for row in theirs} == {year}
        assert {row[id_at] for row in theirs} == {
            p.stem for p in (content / "records" / str(year)).glob("*.yaml")}
    assert "更名后的项目" in [row[title_at] for row in rows[2 * 3:]]
    indicators = list(book["指标"].iter_rows(min_row=2))
    csv_lines = after["data/records-all-indicators.csv"].decode("utf-8-sig").splitlines()
    assert len(indicators) == len(csv_lines) - 1 > len(rows)


def test_a_download_the_tree_holds_by_its_name_is_not_made_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A download is named by its years' parts keys (`DataFiles.identity`): the writer makes
    only the files whose name changed, and the tree still equals a plain build."""
    from generator.site import datafiles

    content = _content(tmp_path / "content", per_year=3)
    out = tmp_path / "cached" / "docs"
    _build(content, out)
    made: list[str] = []
    original = datafiles.group_chunks

    def counted(stem: str, name: str, *rest: Any) -> list[bytes]:
        made.append(name)
        return original(stem, name, *rest)

    monkeypatch.setattr(datafiles, "group_chunks", counted)
    _build(content, out)
    assert made == []  # nothing changed: every download is the tree's already
    _edit(_record(content, 2022, 1), r"^title: .*$", "title: 更名后的项目")
    after = _build(content, out)
    assert sorted(made) == sorted(f"records-{stem}{kind}" for stem in ("2022", "all")
                                  for kind in (".csv", "-indicators.csv", ".json", ".xlsx"))
    made.clear()
    assert after == _build(content, tmp_path / "plain" / "docs", "--no-cache")
    assert len(made) == 4 * (len(YEARS) + 1)  # without the cache, no name: every file is made


def test_a_damaged_kept_download_part_is_made_again(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.site import datafiles

    content = _content(tmp_path / "content", per_year=3)
    out = tmp_path / "cached" / "docs"
    _build(content, out)
    cache = tmp_path / "cached" / ".cache" / "pages"
    parts = [key for key, data in pack_entries(cache) if data.startswith(datafiles.PART_MAGIC)]
    assert len(parts) == len(datafiles._FIELDS) * len(YEARS)  # each field of each year apart
    order = {key: number for number, key in enumerate(parts)}

    def damaged(_: int, key: str, data: bytes) -> tuple[bytes, bool] | None:
        """Every part damaged (each is read)."""
        if key not in order:
            return None
        if order[key] % 3 == 0:  # truncated, with a digest that matches: the length is wrong
            return data[:-1], True
        if order[key] % 3 == 1:  # something else stored under the key
            return b"x" + data[1:], True
        return data[:-1] + bytes([data[-1] ^ 1]), False  # altered under its old digest

    assert damage_entries(cache, damaged) == len(parts)
    for download in (out / "data").glob("records-*"):  # else the tree holds them: nothing is made
        download.unlink()
    made = _count_parts(monkeypatch)
    assert _build(content, out) == _build(content, tmp_path / "plain" / "docs", "--no-cache")
    assert len(made) == len(YEARS) * 2  # made again once, and again in the plain build


def test_damaged_parts_are_refused() -> None:
    from generator.site import datafiles
    from generator.site.xlsx import deflate_part

    part = deflate_part(b"<row></row>", 1)
    for name, value in (("records_csv", b"a,1\r\n"), ("json", b""), ("records_sheet", part)):
        data = datafiles._field_bytes(value)
        assert datafiles._field_from(data, name) == value
        other = "json" if name.endswith("_sheet") else "indicators_sheet"
        for damaged in (data[:-1], data + b"x", b"x" + data, data[:20], b""):
            assert datafiles._field_from(damaged, name) is None, (name, damaged[:30])
        assert datafiles._field_from(data, other) is None  # another kind of field
    assert datafiles._field_from(None, "json") is None


def test_a_warm_rebuild_serialises_only_the_changed_records_download_rows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.site import datafiles

    content = _content(tmp_path / "content", per_year=3)
    out = tmp_path / "cached" / "docs"
    _build(content, out)
    prepared: list[str] = []
    original = datafiles.prepare

    def counted(entry: Any) -> datafiles.Prepared:
        prepared.append(entry.url)
        return original(entry)

    monkeypatch.setattr(datafiles, "prepare", counted)
    changed = _record(content, 2022, 1)
    _edit(changed, r"^title: .*$", "title: 更名后的项目")
    after = _build(content, out)
    assert prepared == [f"records/2022/{changed.stem}/"]
    monkeypatch.setattr(datafiles, "prepare", original)
    assert after == _build(content, tmp_path / "plain" / "docs", "--no-cache")


def test_large_years_rows_files_come_from_the_cache_unless_their_year_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.site import yearrows

    monkeypatch.setattr(yearrows, "YEAR_TABLE_LIMIT", 3)  # every year here is a large one
    content = _content(tmp_path / "content")
    out = tmp_path / "cached" / "docs"
    first = _build(content, out)
    assert {f"years/{year}/rows.json" for year in YEARS} <= first.keys()
    made: list[str] = []
    original = yearrows.rows_json

    def counted(entries: Any) -> bytes:
        made.append(entries[0].url)
        return original(entries)

    monkeypatch.setattr(yearrows, "rows_json", counted)
    assert _build(content, out) == first
    assert made == []  # a warm build generates no rows file
    _edit(_record(content, 2022), r"^title: .*$", "title: 更名后的项目")
    after = _build(content, out)
    assert len(made) == 1 and "/2022/" in made[0]  # the changed year's only
    assert after == _build(content, tmp_path / "plain" / "docs", "--no-cache")
    assert "更名后的项目" in after["years/2022/rows.json"].decode("utf-8")
    assert after["years/2021/rows.json"] == first["years/2021/rows.json"]


def test_a_department_page_is_rendered_again_only_when_its_own_rows_or_figures_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.site import paging

    monkeypatch.setattr(paging, "PAGE_ROWS", 2)  # departments of several pages
    monkeypatch.setattr(render, "PARALLEL_FROM", 10**9)  # rendered here, so counted
    content = _content(tmp_path / "content", per_year=12)
    out = tmp_path / "docs"
    before = _build(content, out)
    rendered: list[str] = []
    original = render.RenderedPages.render

    def counted(self: render.RenderedPages, path: str) -> bytes:
        rendered.append(path)
        return original(self, path)

    monkeypatch.setattr(render.RenderedPages, "render", counted)
    pages = {p: before[p].decode("utf-8") for p in before
             if p.startswith("departments/") and p.endswith("index.md") and p.count("/") >= 2}
    # a record of a department of three pages or more, shown on a page other than the first
    by_department: dict[str, list[str]] = {}
    for path in pages:
        by_department.setdefault(path.split("/")[1], []).append(path)
    slug = next(s for s, listed in sorted(by_department.items()) if len(listed) >= 3)
    holder = sorted(p for p in by_department[slug] if "/page-" in p)[-1]
    record_url = re.findall(r'href="\.\./\.\./\.\./records/(\d+)/([^/"]+)/"', pages[holder])[0]
    _edit(content / "records" / record_url[0] / f"{record_url[1]}.yaml",
          r"^  achieved: (.*)$", r"  achieved: 更正后：\1")
    after = _build(content, out)
    assert f"records/{record_url[0]}/{record_url[1]}.md" in rendered
    assert [p for p in rendered if p.startswith(f"departments/{slug}/")] == [holder]
    assert after == _build(content, tmp_path / "plain" / "docs", "--no-cache")
    # a figure of the same record moves the department's figures: every page shows them
    rendered.clear()
    _edit(content / "records" / record_url[0] / f"{record_url[1]}.yaml",
          r"executed: [0-9.]+}", "executed: 1.00}")
    after = _build(content, out)
    assert sorted(p for p in rendered if p.startswith(f"departments/{slug}/")) == \
        sorted(by_department[slug])
    assert after == _build(content, tmp_path / "plain2" / "docs", "--no-cache")


def test_a_download_read_again_is_made_again_the_same(tmp_path: Path) -> None:
    """A year's parts go once every file made of them was read (`DataFiles`); reading a file
    again makes them again, to the same bytes, in any order."""
    from generator.pipeline import build

    files = build(_content(tmp_path / "content", per_year=3)).files
    assert files is not None
    downloads = [path for path in files if path.startswith("data/record")]
    assert len(downloads) == 1 + 4 * (len(YEARS) + 1)
    first = {path: files[path] for path in downloads}
    assert {path: files[path] for path in reversed(downloads)} == first
    assert b"records" in first["data/records-all.json"]


def test_pages_rendered_by_the_workers_are_kept_in_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = _content(tmp_path / "content")
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)  # every page rendered by two workers
    first = _build(content, tmp_path / "cached" / "docs")

    def refused(self: object, path: str) -> bytes:
        raise AssertionError(f"{path} rendered again")

    # a second tree beside it (none of its own to link from) takes every page from the cache
    monkeypatch.setattr(render.RenderedPages, "render", refused)
    assert _build(content, tmp_path / "cached" / "other") == first
