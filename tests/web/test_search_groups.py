"""The search documents (generator/site/searchindex.py): record pages grouped a few at a time,
each record an anchored section, the other pages indexed as they are (issue 16, item 2)."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from generator.site.searchindex import (
    COUNTS_FILE,
    GROUP_SIZE,
    SearchRecord,
    form_texts,
    group_document,
    grouped,
    index_site,
    read_record,
    write_sources,
)
from tests.conftest import pinned_pagefind


def _record_page(year: str, department: str, grade: str, title: str, text: str) -> str:
    """Return a record page as the site's templates write it (only what the search reads)."""
    return (
        '<html><body><article class="md-content__inner md-typeset">'
        f'<div class="jx-intro"><h1 id="top">{title}</h1>'
        '<div hidden data-pagefind-ignore><span data-pagefind-meta="kind">项目</span>'
        f'<span data-pagefind-filter="年度" data-pagefind-meta="year">{year}</span>'
        f'<span data-pagefind-filter="部门" data-pagefind-meta="department">{department}</span>'
        '<span data-pagefind-meta="reported">90.00</span>'
        '<span data-pagefind-meta="recomputed">89.50</span>'
        f'<span data-pagefind-filter="等级" data-pagefind-meta="grade">{grade}</span></div>'
        f'<p class="jx-verdict">原表总分 90.00</p></div><h2 id="indicators">绩效指标</h2>'
        f'<table class="jx-form" id="form"><tr><td>{text}</td></tr></table></article></body></html>')


FORM = """<table class="jx-form"><caption>项目支出绩效自评表<br>（2021年度）</caption><tbody>
<tr><th scope="row" colspan="2">项目名称</th><td colspan="7">监控系统运维 &lt;b&gt;</td></tr>
<tr><th scope="row">主管部门</th><td>示例市水利局</td><th scope="row">实施单位</th><td>示例市水利局</td></tr>
<tr><th scope="rowgroup">项目资金<br>（万元）</th><td colspan="2"></td><th scope="col">全年预算数</th></tr>
<tr><th scope="row" class="jx-l">年度资金总额</th><td class="jx-num">4086.04</td><td class="jx-c">—</td></tr>
<tr><td class="jx-text">按期完成
  监控系统运维</td><td class="jx-text">已完成</td></tr>
<tr><td rowspan="2">产出指标</td><td>质量指标</td><td class="jx-text">问题整改率</td><td>&gt;=90%</td><td>91%</td><td class="jx-num">15</td><td class="jx-num">15.00</td><td class="jx-text"></td></tr>
<tr><td>质量指标</td><td class="jx-text">验收合格率</td><td>100%</td><td>98%</td><td class="jx-num">15</td><td class="jx-num">14.70</td><td class="jx-text">个别设备<b>返修</b></td></tr>
<tr><th scope="row" colspan="6">总分</th><td class="jx-num">100</td><td class="jx-num">99.70</td><td>优</td></tr>
</tbody></table><table class="jx-methods"><tbody><tr><td class="jx-text">验收合格率</td><td class="jx-text">按比例扣分</td></tr></tbody></table>
<p class="jx-note">上表照登单位公开的原表</p><h2 id="sources">来源</h2><p>发现原表照登有误？请联系发布单位</p>"""


def _site(tmp_path: Path, records: dict[str, str]) -> Path:
    site = tmp_path / "site"
    for url, page in records.items():
        (site / url).mkdir(parents=True)
        (site / url / "index.html").write_text(page, encoding="utf-8")
    (site / "departments" / "d1").mkdir(parents=True)
    (site / "departments" / "d1" / "index.html").write_text(
        '<html><body><article><h1 id="top" data-pagefind-weight="10">示例市水利局</h1></article>'
        "</body></html>", encoding="utf-8")
    return site


def test_a_record_page_becomes_a_section_of_its_title_and_the_form_s_own_text(tmp_path: Path) -> None:
    page = _record_page("2021", "示例市水利局", "优", "监控系统运维 &lt;b&gt;", "").replace(
        '<table class="jx-form" id="form"><tr><td></td></tr></table>', FORM)
    site = _site(tmp_path, {"records/2021/a": page})
    record = read_record(site, site / "records/2021/a/index.html")
    assert record is not None
    assert record.url == "records/2021/a/"
    assert record.meta == {"kind": "项目", "year": "2021", "department": "示例市水利局",
                           "reported": "90.00", "recomputed": "89.50", "grade": "优"}
    # each distinct text cell once, in page order; no label, figure, dash, total row or note
    assert record.body == (
        "<h2 data-jx-title>监控系统运维 &lt;b&gt;</h2><p>示例市水利局</p><p>按期完成 监控系统运维</p>"
        "<p>已完成</p><p>产出指标</p><p>质量指标</p><p>问题整改率</p><p>&gt;=90%</p><p>91%</p>"
        "<p>验收合格率</p><p>100%</p><p>98%</p><p>个别设备返修</p><p>按比例扣分</p>")


def test_form_texts_read_only_the_form_tables() -> None:
    assert form_texts('<table><tr><td>页面的表</td></tr></table><p>段落</p>') == []
    form = '<table class="jx-form x"><tr><th>标签</th><td>甲</td><td>甲</td></tr></table>'
    assert form_texts(form + "<table><tr><td>丙</td></tr></table><td>丁</td>") == ["甲"]


def test_a_page_that_is_not_a_record_is_not_read_as_one(tmp_path: Path) -> None:
    site = _site(tmp_path, {})
    assert read_record(site, site / "departments/d1/index.html") is None


def _records(count: int, key: tuple[str, str, str]) -> list[SearchRecord]:
    year, department, grade = key
    return [SearchRecord(f"records/{year}/{department}-{n:03d}/",
                         {"year": year, "department": department, "grade": grade,
                          "reported": str(n), "recomputed": str(n)}, f"<h2 data-jx-title>项目{n}</h2>")
            for n in range(count)]


def test_groups_hold_at_most_k_records_of_one_year_department_and_grade() -> None:
    records = (_records(5, ("2021", "甲", "优")) + _records(2, ("2021", "甲", "良"))
               + _records(3, ("2022", "甲", "优")))
    groups = list(grouped(list(reversed(records)), 2))
    assert [len(g) for g in groups] == [2, 2, 1, 2, 2, 1]
    for group in groups:
        keys = {(r.meta["year"], r.meta["department"], r.meta["grade"]) for r in group}
        assert len(keys) == 1
    assert sorted(r.url for g in groups for r in g) == sorted(r.url for r in records)
    assert [r.url for r in groups[0]] == ["records/2021/甲-000/", "records/2021/甲-001/"]


def test_a_group_document_anchors_each_record_and_lists_its_address_and_scores() -> None:
    document = group_document(_records(3, ("2021", "示例市<水利局>", "优")))
    assert [m for m in re.findall(r'<h2 id="(r\d+)">', document)] == ["r1", "r2", "r3"]
    listed = re.search(r'data-pagefind-meta="records">([^<]*)<', document)
    assert listed is not None
    assert json.loads(html.unescape(listed.group(1))) == [
        ["records/2021/示例市<水利局>-000/", "0", "0"], ["records/2021/示例市<水利局>-001/", "1", "1"],
        ["records/2021/示例市<水利局>-002/", "2", "2"]]
    assert '<span data-pagefind-filter="部门" data-pagefind-meta="department">示例市&lt;水利局&gt;</span>' \
        in document
    assert '<span data-pagefind-filter="等级" data-pagefind-meta="grade">优</span>' in document
    assert document == group_document(_records(3, ("2021", "示例市<水利局>", "优")))  # same bytes


def test_the_sources_hold_the_other_pages_as_they_are_and_the_records_in_groups(tmp_path: Path) -> None:
    pages = {f"records/2021/r{n:03d}": _record_page("2021", "示例市水利局", "优", f"项目{n}", "项目资金")
             for n in range(GROUP_SIZE + 1)}
    pages["records/2020/x"] = _record_page("2020", "示例市财政局", "良", "另一个", "监控系统")
    site = _site(tmp_path, pages)
    source = tmp_path / "source"
    counts = write_sources(site, source, GROUP_SIZE)
    assert counts == {"年度": {"2020": 1, "2021": GROUP_SIZE + 1},
                      "部门": {"示例市水利局": GROUP_SIZE + 1, "示例市财政局": 1},
                      "等级": {"优": GROUP_SIZE + 1, "良": 1}}
    written = sorted(p.relative_to(source).as_posix() for p in source.rglob("index.html"))
    assert written == ["departments/d1/index.html", "jx-search/1/index.html",
                       "jx-search/2/index.html", "jx-search/3/index.html"]
    assert (source / "departments/d1/index.html").read_bytes() == \
        (site / "departments/d1/index.html").read_bytes()
    documents = [(source / f"jx-search/{n}/index.html").read_text(encoding="utf-8") for n in (1, 2, 3)]
    assert [d.count("<section>") for d in documents] == [1, GROUP_SIZE, 1]
    assert COUNTS_FILE.endswith(".json")


def _small_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "about").mkdir(parents=True)
    (site / "about" / "index.html").write_text(
        '<html lang="zh"><body><article><h1>关于</h1><p>项目支出绩效自评</p></article></body></html>',
        encoding="utf-8")
    return site


def test_an_index_replaces_the_one_before_whole(tmp_path: Path) -> None:
    pinned_pagefind()
    site = _small_site(tmp_path)
    stale = site / "pagefind" / "pagefind.zh_0123456789.pf_meta"
    stale.parent.mkdir()
    stale.write_bytes(b"an earlier index")
    assert index_site(site).problem is None
    assert not stale.exists()  # nothing of the index before stays behind
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert (site / "pagefind" / f"pagefind.{entry['languages']['zh']['hash']}.pf_meta").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".jx-search-")]  # no scratch


def test_a_failed_pagefind_run_leaves_the_index_as_it_was(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    site = _small_site(tmp_path)
    kept = site / "pagefind" / "pagefind-entry.json"
    kept.parent.mkdir()
    kept.write_text("{}", encoding="utf-8")
    fake = tmp_path / "pagefind"
    fake.write_text('#!/bin/sh\nif [ "$1" = --version ]; then echo "pagefind 1.6.0"; exit 0; fi\n'
                    'echo "Error: cannot read" >&2; exit 3\n', encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND", str(fake))
    if shutil.which("node") is None:
        pytest.fail("Node.js is missing: the project's set-up installs it (make node_modules).")
    indexed = index_site(site)
    assert indexed.problem is not None and "退出码 3" in indexed.problem
    assert "cannot read" in indexed.output
    assert kept.read_text(encoding="utf-8") == "{}"
