"""The seed site built from build/mkdocs.yml by MkDocs + Material and by Zensical 0.0.73 (issue 15).

Nothing reaches either builder through `hooks:` (Zensical ignores them): `mkdocs-config` writes
the site's name and address into the derived configuration. Both sites must carry the same
title, address, canonical links, feeds and search results, and load nothing from outside.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.sitebuild import CONTENT, ROOT, build_docs
from tests.web.htmlscan import scan

SITE_URL = "https://jixiao.example.gov.cn/pub/"
TITLE = "昌吉州项目支出绩效自评公开 & 复核"
BUILDERS = ("mkdocs", "zensical")
ICON = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==")
EDITED = "records/2021/2021-cj-energy-saving-service/"
"""The record changed by the second commit: its own sitemap date differs from the others'."""
COAL_RECORDS = {"records/2021/2021-cj-coal-network-ops/", "records/2021/2021-cj-coal-digital-monitoring/"}


def _tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the seed content once per builder; return builder → site folder."""
    from generator.cli.main import main

    box = tmp_path_factory.mktemp("two-builders")
    content = box / "content"
    shutil.copytree(CONTENT, content)
    settings = content / "site.yaml"
    text = settings.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^site_url: .*$", f"site_url: {SITE_URL}", text)
    text = re.sub(r"(?m)^title: .*$", f'title: "{TITLE}"', text)
    settings.write_text(text + "favicon: icons/publisher.png\n", encoding="utf-8")
    (content / "icons").mkdir()
    (content / "icons" / "publisher.png").write_bytes(ICON)
    _commit(box, "2022-08-31T10:00:00+08:00")
    edited = content / "records" / "2021" / "2021-cj-energy-saving-service.yaml"
    text = edited.read_text(encoding="utf-8")
    assert text.count("10万云") == 1 and "\ncorrections:" not in text
    edited.write_text(text.replace("10万云", "10万元") + "corrections:\n  - date: 2022-10-05\n"
                      "    reason: 单位笔误，按原始凭证更正。\n", encoding="utf-8")
    _commit(box, "2022-10-05T23:30:00+08:00")
    build = box / "build"
    assert build_docs(content, build / "docs") == 0
    built = {}
    for builder in BUILDERS:
        config = build / f"{builder}.yml"
        code = main(["mkdocs-config", "--content", str(content), "--base", str(ROOT / "mkdocs.yml"),
                     "--docs", str(build / "docs"), "--site-dir", str(build / builder),
                     "--out", str(config)])
        assert code == 0
        command = ([_tool("mkdocs"), "build", "--strict", "--quiet", "--config-file", str(config)]
                   if builder == "mkdocs" else [_tool("zensical"), "build", "--config-file", str(config)])
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        done = subprocess.run(command, cwd=box, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        built[builder] = build / builder
    return built


def _commit(box: Path, date: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    for args in (["init", "-q"], ["add", "content"], ["commit", "-q", "-m", date]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                       cwd=box, env=env, check=True, capture_output=True)


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html"))


def _url(site: Path, page: Path) -> str:
    relative = page.parent.relative_to(site).as_posix()
    return SITE_URL + ("" if relative == "." else relative + "/")


def _head(page: Path) -> list[tuple[str, dict[str, str]]]:
    return scan(page).elements


@pytest.mark.slow
@pytest.mark.parametrize("builder", BUILDERS)
def test_title_address_and_canonical_links(sites: dict[str, Path], builder: str) -> None:
    site = sites[builder]
    pages = _pages(site)
    assert len(pages) >= 12
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>首页 - 昌吉州项目支出绩效自评公开 &amp; 复核</title>" in home
    for page in pages:
        elements = _head(page)
        canonical = [a["href"] for tag, a in elements if tag == "link" and a.get("rel") == "canonical"]
        assert canonical == [_url(site, page)], page
        langs = [a["lang"] for tag, a in elements if "lang" in a]
        assert langs == ["zh"], page  # one language tag, on <html>


@pytest.mark.slow
@pytest.mark.parametrize("builder", BUILDERS)
def test_feeds_and_sitemap(sites: dict[str, Path], builder: str) -> None:
    site = sites[builder]
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert f'<link href="{SITE_URL}feed.xml" rel="self"' in feed
    assert (site / "feed.xml").read_bytes() == (sites["mkdocs"] / "feed.xml").read_bytes()
    alternates = [a for tag, a in _head(site / "index.html")
                  if tag == "link" and a.get("type") == "application/atom+xml"]
    assert [a["href"].removeprefix("./") for a in alternates] == ["feed.xml"]
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = ET.parse(site / "sitemap.xml").getroot().findall("s:url", ns)
    dates = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in urls}
    assert set(dates) == {_url(site, p) for p in _pages(site)}
    # each page's date from git: a record's last commit (Beijing time), the lists the newest
    assert dates[SITE_URL + EDITED] == "2022-10-05"
    assert dates[SITE_URL + "records/2021/2021-cj-coal-network-ops/"] == "2022-08-31"
    assert dates[SITE_URL] == dates[SITE_URL + "years/2021/"] == "2022-10-05"


@pytest.mark.slow
@pytest.mark.parametrize("builder", BUILDERS)
def test_description_favicon_and_a_chinese_404(sites: dict[str, Path], builder: str) -> None:
    site = sites[builder]
    for page in _pages(site):
        elements = _head(page)
        described = [a["content"] for tag, a in elements
                     if tag == "meta" and a.get("name") == "description"]
        assert len(described) == 1 and described[0], page
        icons = [a["href"] for tag, a in elements if tag == "link" and a.get("rel") == "icon"]
        assert [i.rsplit("/", 1)[-1] for i in icons] == ["favicon.png"], page
        assert "assets/favicon.png" in icons[0] and "images" not in icons[0]
    assert (site / "assets" / "favicon.png").read_bytes() == ICON
    record = _head(site / "records/2021/2021-cj-coal-network-ops/index.html")
    assert any(tag == "meta" and "昌吉州煤矿安全综合联网监控系统运维工作经费" in a.get("content", "")
               for tag, a in record)
    missing = (site / "404.html").read_text(encoding="utf-8")
    assert "页面不存在" in missing and "Not found" not in missing
    assert re.search(r'<html lang="zh"', missing)


def _search_hits(browser: Any, site: Path, term: str) -> set[str]:
    """Return the pages the site's search finds for `term`, asked as a visitor's browser asks.

    The search is Pagefind, run on the built site (`generator index`, as `make site` does) and
    queried through its own `pagefind.js` in Debian's chromium (the session's `browser`), with
    the site served on 127.0.0.1.
    """
    from generator.site.searchindex import index_site
    from tests.browser.conftest import EVERY_HIT, serve

    if not (site / "pagefind" / "pagefind.js").is_file():
        outcome = index_site(site)
        assert outcome.problem is None, outcome.output
    with serve(site) as base:
        page = browser.new_page()
        page.goto(base)  # a page with the search box, whose `jxSearchTerms` the query goes through
        urls: list[str] = page.evaluate(EVERY_HIT, term)
        page.close()
    return {url.lstrip("/").split("#")[0] for url in urls}


@pytest.mark.slow
@pytest.mark.browser
def test_search_finds_the_same_pages(sites: dict[str, Path], browser: Any) -> None:
    found = {builder: _search_hits(browser, site, "煤矿") for builder, site in sites.items()}
    assert COAL_RECORDS <= found["mkdocs"]
    assert found["mkdocs"] == found["zensical"]
    assert _search_hits(browser, sites["mkdocs"], "鸭嘴兽") == set()  # a word no page holds


_LOADING = {"link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src",
            "video": "src", "audio": "src", "embed": "src", "object": "data"}


@pytest.mark.slow
@pytest.mark.parametrize("builder", BUILDERS)
def test_no_outside_requests(sites: dict[str, Path], builder: str) -> None:
    site = sites[builder]
    for page in site.rglob("*.html"):
        for tag, attrs in scan(page).elements:
            target = attrs.get(_LOADING.get(tag, ""), "")
            if tag == "link" and attrs.get("rel") in ("canonical", "alternate"):
                continue  # not loaded by the page
            if re.match(r"(?i)(https?:)?//", target):
                assert target.startswith(SITE_URL), (page, tag, target)
    for css in site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css
