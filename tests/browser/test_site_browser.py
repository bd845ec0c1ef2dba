"""The site in a real browser (Debian chromium): summary, Chinese search, record page, sorting,
no console error, no request outside 127.0.0.1, hostile text shown as text (issue 4, issue 7)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Watch

pytestmark = pytest.mark.browser

COAL_TITLES = {"昌吉州煤矿安全综合联网监控系统运维工作经费", "昌吉州煤矿数字化监控运行工作经费"}
HOSTILE_TITLE = "<img src=x onerror=alert(1)>"


def _texts(page: Any, selector: str) -> list[str]:
    return [text.replace("\u200b", "").strip() for text in page.locator(selector).all_text_contents()]


def test_home_page_shows_the_latest_year_at_a_glance(page: Any, base_url: str) -> None:
    page.goto(base_url)
    assert page.locator("h2#latest").inner_text() == "2021 年度概览"
    assert _texts(page, ".jx-card__label") == ["项目", "全年预算数合计", "全年执行数合计", "预算执行率",
                                               "有发现问题的记录"]
    assert _texts(page, ".jx-card__value") == ["5 个", "167.92 万元", "158.75 万元", "94.54%", "4 条"]


def test_search_in_chinese_lists_the_coal_mine_records(page: Any, base_url: str) -> None:
    page.goto(base_url)
    page.keyboard.press("s")
    page.keyboard.type("煤矿")
    page.keyboard.press("End")  # Chinese typed by Playwright fires no keyup (stack-notes.md)
    page.locator(".md-search-result__item").first.wait_for()
    titles = set(_texts(page, ".md-search-result__item > a h1"))
    assert COAL_TITLES <= titles


def test_record_page_shows_the_rate_and_the_recomputation(page: Any, base_url: str) -> None:
    page.goto(base_url + "records/2021/2021-cj-coal-network-ops/")
    form = page.locator("table.jx-form")
    assert "90.39%" in _texts(page, "table.jx-form td")
    assert form.locator("caption").inner_text() == "项目支出绩效自评表\n（2021年度）"
    assert page.locator("h2#review").inner_text() == "本站复核"
    first = page.locator(".jx-review tbody tr").first
    assert _texts(first, "td")[:3] == ["预算执行率", "90.39%", "90.39%"]


def _scores(page: Any) -> list[str]:
    return _texts(page, "#year-table tbody tr td:nth-child(7)")


def test_sorting_the_year_table_by_score_reorders_it(page: Any, base_url: str) -> None:
    page.goto(base_url + "years/2021/")
    before = _texts(page, "#year-table tbody tr td:first-child")
    page.get_by_role("button", name="总分（复核）").click()
    ascending = _scores(page)
    assert ascending == sorted(ascending, key=float)
    assert _texts(page, "#year-table tbody tr td:first-child") != before
    assert page.locator("#year-table th").nth(6).get_attribute("aria-sort") == "ascending"
    page.get_by_role("button", name="总分（复核）").click()
    assert _scores(page) == sorted(ascending, key=float, reverse=True)


def test_filtering_the_year_table_hides_other_rows(page: Any, base_url: str) -> None:
    page.goto(base_url + "years/2021/")
    page.locator("[data-jx-filter]").fill("煤矿")
    visible = [t for t in _texts(page, "#year-table tbody tr:not([hidden]) td:first-child")]
    assert set(visible) == COAL_TITLES
    assert page.locator("[data-jx-count]").inner_text() == "显示 2 / 5 个项目"


def test_pages_load_without_console_errors(page: Any, base_url: str, watch: Watch) -> None:
    for path in ("", "years/", "years/2021/", "departments/", "method/", "data/",
                 "records/2021/2021-cj-coal-expert-consultation/"):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    assert watch.console_errors == []


def test_a_request_outside_the_server_is_blocked_and_recorded(page: Any, base_url: str,
                                                              watch: Watch) -> None:
    page.goto(base_url)
    outcome = page.evaluate("fetch('http://203.0.113.7/x').then(() => 'loaded', () => 'blocked')")
    assert outcome == "blocked"
    assert watch.outside == ["http://203.0.113.7/x"]
    watch.outside.clear()
    watch.console_errors.clear()  # the blocked fetch logs one


def test_hostile_title_is_text_and_opens_no_dialog(page: Any, base_url: str, watch: Watch) -> None:
    page.goto(base_url + "records/2021/2021-hostile-text/")
    page.wait_for_load_state("networkidle")
    assert page.locator("article h1").inner_text() == HOSTILE_TITLE
    assert page.title() == f"{HOSTILE_TITLE} - 项目支出绩效自评公开"
    assert page.locator("article img, article script, article style").count() == 0
    page.keyboard.press("s")
    page.keyboard.type("onerror")
    page.keyboard.press("End")
    page.locator(".md-search-result__item").first.wait_for()
    assert HOSTILE_TITLE in _texts(page, ".md-search-result__item > a h1")
    assert watch.dialogs == []
