"""History in the real `mkdocs build --strict` HTML: anchors the feeds link to, feed links in the
page head, hostile correction reasons shown as text (issue 6 with issue 4 item 4)."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.cli.main import main
from generator.site.feeds import ATOM
from tests.ledgerrepo import commit_all, edit, full_history
from tests.sitebuild import HOSTILE, build_site
from tests.web.htmlscan import scan

pytestmark = pytest.mark.slow

SITE_URL = "http://127.0.0.1:8000/"
HOSTILE_FILE = "content/records/2021/2021-hostile-text.yaml"
HOSTILE_REASON = "</td></tr></table><script>alert(6)</script> **粗体**"


def _hostile_correction(repo: Path) -> str:
    """Publish the hostile record, then correct its total with a hostile reason."""
    shutil.copy(HOSTILE, repo / HOSTILE_FILE)
    commit_all(repo, "发布", "2022-12-02T00:00:00+00:00")
    edit(repo, HOSTILE_FILE, "score: 99.00", "score: 98.00")
    with (repo / HOSTILE_FILE).open("a", encoding="utf-8") as out:
        out.write(f"  - date: 2022-12-03\n    reason: \"{HOSTILE_REASON}\"\n")
    return commit_all(repo, "更正", "2022-12-03T00:00:00+00:00")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Return site/ built from a repository with every kind of commit, and the commits."""
    scratch = tmp_path_factory.mktemp("history-html")
    repo = scratch / "repo"
    repo.mkdir()
    commits = [*full_history(repo), _hostile_correction(repo)]
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(repo)
        assert main(["build", "--content", "content", "--out", str(scratch / "docs")]) == 0
    result = build_site(scratch / "docs", scratch / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return scratch / "site", commits


def _ids(page: Path) -> set[str]:
    return {attrs["id"] for _, attrs in scan(page).elements if "id" in attrs}


def test_every_feed_entry_links_to_a_built_page_and_anchor(site: tuple[Path, list[str]]) -> None:
    root, _ = site
    feeds = [root / "feed.xml", *sorted((root / "departments").glob("*/feed.xml"))]
    assert len(feeds) == 3
    links = []
    for feed in feeds:
        for link in ET.fromstring(feed.read_bytes()).iter(f"{{{ATOM}}}link"):
            href = link.get("href", "")
            assert href.startswith(SITE_URL), href
            links.append(href)
    anchored = 0
    for href in links:
        parts = urlsplit(href.removeprefix(SITE_URL))
        target = root / parts.path
        assert target.is_file() or (target / "index.html").is_file(), href
        if parts.fragment:
            assert parts.fragment in _ids(target / "index.html"), href
            anchored += 1
    assert anchored == 6  # three corrections, each in the site feed and its department's


def test_record_page_shows_the_ledger(site: tuple[Path, list[str]]) -> None:
    root, commits = site
    page = root / "records/2021/2021-cj-coal-network-ops/index.html"
    assert {f"correction-{c[:7]}" for c in commits[1:3]} | {"history", "corrections"} <= _ids(page)
    feeds = [(a["href"], a["title"]) for tag, a in scan(page).elements
             if tag == "link" and a.get("type") == "application/atom+xml"]
    assert feeds == [("../../../feed.xml", "新发布和更正")]
    text = "".join(scan(page).texts)
    assert "本站首次公开2022-09-01（提交 " in text
    assert "最近更改2022-11-01（提交 " in text


def test_department_page_links_its_own_feed(site: tuple[Path, list[str]]) -> None:
    root, _ = site
    page = root / "departments/dcfa69670de/index.html"
    feeds = [a["href"] for tag, a in scan(page).elements
             if tag == "link" and a.get("type") == "application/atom+xml"]
    assert feeds == ["../../feed.xml", "feed.xml"]


def test_hostile_reason_is_text_on_both_pages(site: tuple[Path, list[str]]) -> None:
    root, commits = site
    for path in ("records/2021/2021-hostile-text/index.html", "corrections/index.html"):
        page = scan(root / path)
        assert HOSTILE_REASON in "".join(page.texts), path
        scripts = [a for tag, a in page.elements if tag == "script" and "src" not in a]
        assert len(scripts) == len([a for tag, a in scan(root / "index.html").elements
                                    if tag == "script" and "src" not in a]), path
    corrections = scan(root / "corrections/index.html")
    hrefs = [a["href"] for tag, a in corrections.elements if tag == "a" and "href" in a]
    assert f"../records/2021/2021-hostile-text/#correction-{commits[4][:7]}" in hrefs
