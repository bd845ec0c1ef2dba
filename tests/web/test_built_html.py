"""The built HTML (real `mkdocs build --strict`): escaping, no outside requests, links, nav size."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.site.searchindex import COUNTS_FILE, GROUP_SIZE, grouped, read_record
from tests.conftest import SEED
from tests.web.htmlscan import Scan, links, scan

pytestmark = pytest.mark.slow

SITE_URL = "http://127.0.0.1:8000/"
HOSTILE = "records/2021/2021-hostile-text/index.html"
ALLOWED_SCRIPTS = ("assets/javascripts/bundle.", "javascripts/tables.js", "javascripts/a11y.js",
                   "javascripts/search.js")


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_hostile_text_is_shown_as_text(built_site: Path) -> None:
    page = scan(built_site / HOSTILE)
    text = "".join(page.texts)
    for shown in ("<img src=x onerror=alert(1)>", "<script>alert('部门')</script>测试部门",
                  "[点我](javascript:alert(1)) **粗体** `代码`", "{{ 7*7 }} {% raw %} {# comment #} ${7*7}",
                  "# 不是标题", "<b>不是粗体</b> &amp; &lt;", "![图片](http://evil.example/x.png)",
                  '<a href="javascript:alert(1)">点我</a>', "</td></tr></table><script>alert(2)</script>",
                  "| 表格 | 注入 |", "<!-- 注释 --> <style>body{display:none}</style>",
                  "{% include 'secret' %}", "javascript:alert(document.domain)"):
        assert shown in text, shown
    assert "<img src=x onerror=alert(1)> - 项目支出绩效自评公开" in text  # <title>


def _scripts(page: Scan) -> list[dict[str, str]]:
    return [attrs for tag, attrs in page.elements if tag == "script"]


def test_author_text_adds_no_script(built_site: Path) -> None:
    seed = scan(built_site / "records/2021/2021-cj-coal-network-ops/index.html")
    assert _scripts(scan(built_site / HOSTILE)) == _scripts(seed)
    sources = [attrs["src"] for attrs in _scripts(seed) if "src" in attrs]
    assert [s for s in sources if not any(part in s for part in ALLOWED_SCRIPTS)] == []


def test_no_page_carries_author_markup(built_site: Path) -> None:
    for path in _pages(built_site):
        page = scan(path)
        for tag, attrs in page.elements:
            assert tag not in ("img", "style", "iframe", "object", "embed"), (path, tag, attrs)
            assert not [a for a in attrs if a.startswith("on")], (path, tag, attrs)
            for value in (attrs.get("href", ""), attrs.get("src", "")):
                assert not value.strip().lower().startswith(("javascript:", "data:")), (path, value)


def test_nothing_is_loaded_from_outside_the_site(built_site: Path) -> None:
    # Only links a reader follows may leave the site: the original published file of a record
    # (its source url, "https://example.invalid/synthetic" for the synthetic records) and the
    # publisher's mail address. Nothing is loaded (src) from outside.
    followed = {"https://example.invalid/synthetic", "mailto:contact@example.invalid"}
    for path in _pages(built_site):
        page = scan(path)
        for value in links(page):
            if urlsplit(value).scheme:
                anchor = any(tag == "a" and attrs.get("href") == value for tag, attrs in page.elements)
                assert value.startswith(SITE_URL) or (anchor and value in followed), (path, value)
    for sheet in built_site.rglob("*.css"):
        assert "url(http" not in sheet.read_text(encoding="utf-8").replace(" ", ""), sheet


def _target(site: Path, page: Path, link: str) -> Path | None:
    parts = urlsplit(link)
    if parts.scheme or not parts.path:
        return None
    base = "" if parts.path.startswith("/") else posixpath.dirname(page.relative_to(site).as_posix())
    resolved = posixpath.normpath(posixpath.join(base, parts.path.lstrip("/")))
    target = site / resolved
    return target / "index.html" if link.split("#")[0].endswith("/") or target.is_dir() else target


def test_every_internal_link_resolves(built_site: Path) -> None:
    broken = []
    for path in _pages(built_site):
        for link in links(scan(path)):
            target = _target(built_site, path, link)
            if target is not None and not target.is_file():
                broken.append((path.relative_to(built_site).as_posix(), link))
    assert broken == []


def test_the_kept_original_is_in_the_site_and_linked(built_site: Path) -> None:
    assert (built_site / "sources" / SEED.name).read_bytes() == SEED.read_bytes()
    page = built_site / "records/2021/2021-cj-coal-network-ops/index.html"
    assert f"../../../sources/{SEED.name}" in links(scan(page))


def _tabs(page: Scan) -> list[str]:
    return [attrs["href"] for tag, attrs in page.elements
            if tag == "a" and "md-tabs__link" in attrs.get("class", "")]


def test_navigation_stays_small_on_record_pages(built_site: Path) -> None:
    page = scan(built_site / "records/2021/2021-cj-coal-network-ops/index.html")
    assert _tabs(page) == ["../../..", "../../../years/", "../../../departments/",
                           "../../../method/", "../../../data/", "../../../corrections/"]
    others = [link for link in links(page) if "records/2021/" in link and not link.startswith(SITE_URL)]
    assert others == []


def test_search_index_is_pagefind_in_chinese_over_every_content_page(built_site: Path) -> None:
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == "1.6.0"
    assert list(entry["languages"]) == ["zh"]
    pages = [p for p in _pages(built_site) if p.name == "index.html"]
    records = [r for r in (read_record(built_site, p) for p in pages) if r is not None]
    assert len(records) == sum(1 for _ in built_site.glob("records/*/*/index.html"))
    groups = list(grouped(records, GROUP_SIZE))  # every other page as itself, records in groups
    assert entry["languages"]["zh"]["page_count"] == len(pages) - len(records) + len(groups)
    counts = json.loads((built_site / "pagefind" / COUNTS_FILE).read_text(encoding="utf-8"))
    assert sum(counts["年度"].values()) == len(records)
    assert not (built_site / "search" / "search_index.json").exists()  # no lunr index any more


def test_a_record_s_search_section_is_its_own_text_without_the_page_s_labels(built_site: Path) -> None:
    page = built_site / "records/2021/2021-cj-coal-network-ops/index.html"
    record = read_record(built_site, page)
    assert record is not None
    assert record.body.startswith("<h2 data-jx-title>昌吉州煤矿安全综合联网监控系统运维工作经费</h2>")
    for text in ("昌吉回族自治州能源安全监测中心", "近500路工业监控视频维护、授权、更新",
                 "远程联网系统稳定率（%）", "贯彻落实政府“过紧日子”要求厉行节约。"):
        assert text in record.body, text
    for label in ("项目名称", "年度资金总额", "原表照登", "本站复核", "发布", "来源"):
        assert label not in record.body, label


def test_record_pages_carry_search_meta_outside_the_indexed_text(built_site: Path) -> None:
    page = (built_site / "records/2021/2021-cj-coal-network-ops/index.html").read_text(encoding="utf-8")
    assert ('<div hidden data-pagefind-ignore><span data-pagefind-meta="kind">项目</span>'
            '<span data-pagefind-filter="年度" data-pagefind-meta="year">2021</span>') in page
    assert '<span data-pagefind-meta="reported">98.56</span>' in page
    assert '<span data-pagefind-filter="等级" data-pagefind-meta="grade">优</span>' in page


def test_sitemap_lists_pages_under_the_site_url(built_site: Path) -> None:
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}records/2021/2021-cj-coal-network-ops/</loc>" in sitemap
