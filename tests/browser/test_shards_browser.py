"""Two year shards built by `make site SHARD=<year>`, searched from one box (issue 16, item 3).

Each shard is a complete site of one year; its search box merges the other shards' Pagefind
indexes (`mergeIndex`), so a visitor on the 2021 shard finds a 2022 record and the reverse.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Watch, serve, watched_page
from tests.sitebuild import CONTENT, ROOT

pytestmark = pytest.mark.browser

SANDBOX_LINKS = ("Makefile", "pyproject.toml", "mkdocs.yml", "theme", "generator", "package.json",
                 "package-lock.json", "node_modules")


def _make(box: Path, *targets: str) -> None:
    venv = Path(sys.prefix)  # the running interpreter stands in for .venv; -o: never reinstall it
    result = subprocess.run(["make", "--no-print-directory", *targets, f"VENV={venv}",
                             "-o", f"{venv}/.site-installed",
                             "-o", "node_modules/.installed"], cwd=box, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build content/ (2021) plus three synthetic 2022 records as two shards; return shards/."""
    box = tmp_path_factory.mktemp("shards") / "repo"
    box.mkdir()
    for name in SANDBOX_LINKS:
        (box / name).symlink_to(ROOT / name)
    shutil.copytree(CONTENT, box / "content")
    subprocess.run([sys.executable, "-m", "generator", "synth", "--count", "3", "--year", "2022",
                    "--seed", "7", "--out", str(box / "content")], cwd=ROOT, check=True,
                   capture_output=True)
    _make(box, "site", "SHARD=2021")
    _make(box, "site", "SHARD=2022")
    return box / "shards"


def _titles(page: Any, query: str) -> list[str]:
    page.locator("[data-jx-search-input]").fill(query)
    page.locator("[data-jx-search-status]").filter(has_text=re.compile("找到|没有找到")).wait_for()
    page.locator("[data-jx-search-results][aria-busy=false]").wait_for(state="attached")
    return [t.strip() for t in page.locator(".jx-search__link").all_text_contents()]


def _a_2022_title(shards: Path) -> str:
    page = next((shards / "2022" / "records" / "2022").glob("*/index.html"))
    found = re.search(r'<h1 id="top">([^<]+)</h1>', page.read_text(encoding="utf-8"))
    assert found is not None
    return found.group(1)


def test_each_shard_holds_one_year_and_its_own_index(shards: Path) -> None:
    assert sorted(p.name for p in (shards / "2021" / "records").iterdir()) == ["2021"]
    assert sorted(p.name for p in (shards / "2022" / "records").iterdir()) == ["2022"]
    for year in ("2021", "2022"):
        assert (shards / year / "pagefind" / "pagefind.js").is_file()


def test_one_search_box_finds_a_record_of_each_shard(browser: Any, shards: Path) -> None:
    title_2022 = _a_2022_title(shards)
    watch = Watch()
    with serve(shards) as url, watched_page(browser, url, watch) as page:
        page.goto(url + "2021/")
        page.get_by_role("button", name="搜索").click()
        assert "昌吉州煤矿安全综合联网监控系统运维工作经费" in _titles(page, "煤矿安全综合联网")
        assert title_2022 in _titles(page, title_2022)
        link = page.locator(".jx-search__link", has_text=title_2022).first.get_attribute("href")
        assert link is not None and link.startswith("/2022/records/2022/")
        assert page.request.get(url.rstrip("/") + link).ok
        page.goto(url + "2022/")
        page.get_by_role("button", name="搜索").click()
        assert "昌吉州煤矿安全综合联网监控系统运维工作经费" in _titles(page, "煤矿安全综合联网")
