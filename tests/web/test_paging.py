"""Long department listings are split into pages of PAGE_ROWS rows (issue 16); a large year
lists its departments and loads its rows from rows.json instead (tests/test_citizen_site.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.site import paging
from tests.sitebuild import CONTENT, build_docs


def _rows(page: Path) -> list[str]:
    """Return the records of the page's project table (one `<tr data-grade=…>` row each)."""
    return re.findall(r'<tr data-grade=[^>]*>.*?records/2021/([^/]+)/"', page.read_text(encoding="utf-8"))


def test_a_department_with_more_rows_than_a_page_is_split(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "PAGE_ROWS", 2)
    assert build_docs(CONTENT, tmp_path / "docs") == 0
    department = tmp_path / "docs" / "departments" / "dcfa69670de"
    pages = [department / "index.md", department / "page-2" / "index.md"]
    assert [len(_rows(p)) for p in pages] == [2, 2]
    assert not (department / "page-3").exists()
    every = _rows(pages[0]) + _rows(pages[1])
    assert len(set(every)) == 4  # each project on exactly one page
    second = pages[1].read_text(encoding="utf-8")
    assert "共 4 个项目，分 2 页，本页为第 3–4 个" in second
    assert '<a href="../">1</a> <strong aria-current="page">2</strong>' in second
    assert "4 个项目，年度：" in second  # the heading covers the whole department on every page
    year = (tmp_path / "docs" / "years" / "2021" / "index.md").read_text(encoding="utf-8")
    assert len(_rows(tmp_path / "docs" / "years" / "2021" / "index.md")) == 4  # years: not paged
    assert "jx-pager" not in year


def test_only_the_first_page_of_a_department_ranks_as_the_department(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "PAGE_ROWS", 1)
    assert build_docs(CONTENT, tmp_path / "docs") == 0
    department = tmp_path / "docs" / "departments" / "dcfa69670de"
    first = (department / "index.md").read_text(encoding="utf-8")
    second = (department / "page-2" / "index.md").read_text(encoding="utf-8")
    assert '<h1 id="top" data-pagefind-weight="10">' in first
    assert '<h1 id="top">' in second


def test_a_listing_that_fits_has_one_page_and_no_pager(tmp_path: Path) -> None:
    assert build_docs(CONTENT, tmp_path / "docs") == 0
    year = tmp_path / "docs" / "years" / "2021"
    assert not (year / "page-2").exists()
    assert "jx-pager" not in (year / "index.md").read_text(encoding="utf-8")


def test_paginate_keeps_every_item_once_in_order() -> None:
    pages = paging.paginate("years/2023/", list(range(paging.PAGE_ROWS * 2 + 1)))
    assert [len(rows) for _, rows in pages] == [paging.PAGE_ROWS, paging.PAGE_ROWS, 1]
    assert [pager.url(pager.number) for pager, _ in pages] == [
        "years/2023/", "years/2023/page-2/", "years/2023/page-3/"]
    assert [x for _, rows in pages for x in rows] == list(range(paging.PAGE_ROWS * 2 + 1))
    assert paging.paginate("d/", [])[0][0].count == 1
