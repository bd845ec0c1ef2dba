"""For citizens and journalists in a real browser (issue 14): charts, department comparison, a
shared filtered view with its download, phones at 390 px, keyboard use and the axe check.

The site is the seed (2021) plus synthetic records of 2018, 2019 and 2020 (tests/sitebuild.py).
"""

from __future__ import annotations

import csv
import io
import os
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.sitebuild import SYNTH_COUNT

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}


def _texts(scope: Any, selector: str) -> list[str]:
    return [t.replace("\u200b", "").strip() for t in scope.locator(selector).all_text_contents()]


def _visible_rows(page: Any) -> Any:
    return page.locator("#year-table tbody tr:not([hidden])")


def _column(page: Any, key: str) -> int:
    keys = page.locator("#year-table thead th").evaluate_all("ths => ths.map(t => t.dataset.key)")
    return int(keys.index(key))


def _cells(page: Any, key: str) -> list[str]:
    index = _column(page, key) + 1
    return _texts(page, f"#year-table tbody tr:not([hidden]) td:nth-child({index})")


def test_a_year_charts_page_draws_each_chart_with_a_sentence_and_its_data(page: Any,
                                                                         base_url: str) -> None:
    page.goto(base_url + "years/2019/charts/")
    figures = page.locator("figure.jx-chart")
    assert figures.count() == 3
    for i in range(3):
        figure = figures.nth(i)
        caption = figure.locator("figcaption").inner_text()
        assert caption.endswith("。") and "：" in caption
        svg = figure.locator("svg[role=img]")
        assert svg.locator("title").text_content()
        assert svg.locator("rect").count() >= 4
        assert not figure.locator("table").is_visible()
        figure.locator("summary").click()
        assert figure.locator("table").is_visible()
    counts = _texts(figures.nth(0), "tbody td:nth-child(2)")
    assert sum(int(c) for c in counts) == SYNTH_COUNT
    assert f"{SYNTH_COUNT} 个项目" in figures.nth(0).locator("figcaption").inner_text()


def test_the_departments_page_compares_and_sorts_and_a_department_sets_projects_against_the_median(
        page: Any, base_url: str) -> None:
    page.goto(base_url + "departments/")
    table = page.locator("#departments-table")
    assert _texts(table, "thead th") == ["主管部门↕", "年度↕", "项目（个）↕", "全年预算数（万元）↕",
                                         "全年执行数（万元）↕", "执行率↕", "复核总分中位数↕", "有发现问题的记录↕"]
    page.get_by_role("button", name="复核总分中位数").click()
    medians = [Decimal(t) for t in _texts(table, "tbody td:nth-child(7)")]
    assert medians == sorted(medians) and len(medians) > 5
    page.get_by_role("button", name="复核总分中位数").click()
    assert [Decimal(t) for t in _texts(table, "tbody td:nth-child(7)")] == sorted(medians, reverse=True)
    table.locator("tbody tr td a").first.click()
    page.wait_for_load_state()
    assert page.locator("h2#compare").is_visible()
    assert page.locator("figure.jx-chart svg").count() == 3
    assert page.locator("figure#chart-projects svg line.jx-svg-ref").count() == 1
    rows = page.locator("#median-table tbody tr")
    assert rows.count() >= 1
    for i in range(rows.count()):
        score, median, difference = (Decimal(t.replace("+", "")) for t in _texts(rows.nth(i), "td")[2:])
        assert difference == score - median


def test_a_shared_url_opens_the_filtered_sorted_view_and_downloads_exactly_those_rows(
        page: Any, base_url: str) -> None:
    page.goto(base_url + "years/2019/?grade=%E4%BC%98&min=95&sort=diff&dir=asc")
    assert page.locator("[data-jx-grade]").input_value() == "优"
    assert page.locator("[data-jx-min]").input_value() == "95"
    assert page.locator("#year-table th[data-key=diff]").get_attribute("aria-sort") == "ascending"
    grades, scores = _cells(page, "grade"), [Decimal(t) for t in _cells(page, "score")]
    assert grades and all(g.startswith("优") for g in grades) and all(s >= 95 for s in scores)
    differences = [Decimal(t) for t in _cells(page, "diff")]
    assert differences == sorted(differences)
    shown = _visible_rows(page).count()
    assert 0 < shown < SYNTH_COUNT
    assert page.locator("[data-jx-count]").inner_text() == f"显示 {shown} / {SYNTH_COUNT} 个项目"

    with page.expect_download() as info:
        page.get_by_role("button", name="下载筛选结果（CSV）").click()
    download = info.value
    assert download.suggested_filename == "projects-2019-filtered.csv"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:2] == ["项目", "主管部门"] and rows[0][-1] == "网址"
    assert [r[0] for r in rows[1:]] == _cells(page, "title")
    assert [r[_column(page, "budget")] for r in rows[1:]] == [
        t.replace(",", "") for t in _cells(page, "budget")]
    assert all(r[-1].startswith(base_url + "records/2019/") for r in rows[1:])

    page.locator("[data-jx-findings]").check()
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"grade": ["优"], "min": ["95"], "findings": ["1"], "sort": ["diff"], "dir": ["asc"]}


def test_without_javascript_the_year_table_is_complete(browser: Any, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(base_url + "years/2019/?grade=%E5%B7%AE")
        assert plain.locator("#year-table tbody tr").count() == SYNTH_COUNT
        assert not plain.locator("[data-jx-controls]").is_visible()
    finally:
        context.close()


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_phone_shows_each_project_with_name_and_score_without_sideways_scrolling(
        page: Any, base_url: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(base_url + "years/2019/")
    _no_sideways_scroll(page)
    rows = page.locator("#year-table tbody tr")
    assert rows.count() == SYNTH_COUNT
    for i in (0, SYNTH_COUNT - 1):
        for selector in ("td.jx-name a", "td.jx-score"):
            cell = rows.nth(i).locator(selector)
            cell.scroll_into_view_if_needed()
            box = cell.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert rows.nth(0).locator("td.jx-score").evaluate(
        "td => getComputedStyle(td, '::before').content") == '"总分（复核）："'


def test_a_phone_record_page_keeps_the_form_first_column_and_reads_findings_as_sentences(
        page: Any, base_url: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(base_url + "records/2021/2021-cj-coal-network-ops/")
    _no_sideways_scroll(page)
    wrap = page.locator(".jx-form-wrap")
    first = page.locator("table.jx-form th.jx-sticky-col").nth(2)  # 项目资金
    first.scroll_into_view_if_needed()
    before = first.bounding_box()
    wrap.evaluate("w => { w.scrollLeft = 400; }")
    after = first.bounding_box()
    assert before is not None and after is not None and wrap.evaluate("w => w.scrollLeft") > 0
    assert abs(after["x"] - before["x"]) < 1
    findings = page.locator(".jx-finding-list li")
    assert findings.count() >= 3
    for i in range(findings.count()):
        text = findings.nth(i).inner_text()
        assert "规则" in text and "indicators[" not in text and "第 " not in text.split("（位置")[0][:2]
        box = findings.nth(i).bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    assert "indicators[" not in page.locator("article").inner_text()


def test_the_keyboard_reaches_filters_sorting_and_every_record_with_visible_focus(
        page: Any, base_url: str) -> None:
    page.goto(base_url + "years/2019/")
    reached: list[str] = []
    links = set(page.locator("#year-table tbody td.jx-name a").evaluate_all(
        "as => as.map(a => a.href)"))
    for _ in range(200):
        page.keyboard.press("Tab")
        active = page.evaluate("""() => { const e = document.activeElement;
            const style = getComputedStyle(e);
            return [e.tagName, e.getAttribute('data-jx-filter') !== null ? 'filter' :
                    e.classList.contains('jx-sort') ? 'sort:' + e.textContent : (e.href || ''),
                    style.outlineStyle !== 'none' && style.outlineWidth !== '0px'] }""")
        _tag, what, visible = active
        if what == "filter" or what.startswith("sort:") or what in links:
            assert visible, active
        reached.append(what)
        if links <= set(reached):
            break
    assert "filter" in reached
    assert any(r.startswith("sort:总分（复核）") for r in reached)
    assert links <= set(reached)
    page.locator("#year-table th[data-key=score] button").focus()
    page.keyboard.press("Enter")
    assert page.locator("#year-table th[data-key=score]").get_attribute("aria-sort") == "ascending"


AXE_PAGES = ("", "years/2021/", "years/2018/", "departments/dcfa69670de/", "records/2021/2021-cj-coal-network-ops/",
             "method/")


@pytest.mark.parametrize("width", [1280, PHONE["width"]])
def test_axe_finds_no_serious_or_critical_violation(page: Any, base_url: str, width: int) -> None:
    if not AXE.is_file():
        message = f"{AXE} is missing: run `make test` (npm ci --prefix tests/browser)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for path in AXE_PAGES:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
            .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))""")
        if violations:
            found[path or "/"] = violations
    assert found == {}


def test_the_contact_is_in_the_footer_and_a_printed_page_names_the_site_and_its_address(
        page: Any, base_url: str) -> None:
    page.goto(base_url + "records/2021/2021-cj-coal-network-ops/")
    assert "电话：0994-0000000" in page.locator(".md-copyright").inner_text()
    assert "电子邮件 contact@example.invalid" in page.locator(".jx-contact").inner_text()
    footer = page.locator(".jx-print-footer")
    assert not footer.is_visible()
    page.emulate_media(media="print")
    assert footer.is_visible()
    text = footer.inner_text()
    assert text.startswith("项目支出绩效自评公开 · 发布单位：")
    assert text.endswith("http://127.0.0.1:8000/records/2021/2021-cj-coal-network-ops/")


def test_a_large_year_loads_its_rows_from_the_data_file_and_filters_them_the_same_way(
        page: Any, base_url: str, browser: Any) -> None:
    department = "示例市民政局"  # 5 of the 25 records of 2018
    page.goto(base_url + "years/2018/?dept=" + department + "&sort=score&dir=desc")
    page.locator("[data-jx-controls]").wait_for()  # shown once the rows are in
    assert page.locator("#year-table tbody tr").count() == 25  # 2018 is built as a large year
    assert page.locator("[data-jx-dept]").input_value() == department
    departments = _cells(page, "dept")
    assert departments and set(departments) == {department}
    scores = [Decimal(t) for t in _cells(page, "score")]
    assert scores == sorted(scores, reverse=True)
    with page.expect_download() as info:
        page.get_by_role("button", name="下载筛选结果（CSV）").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == _cells(page, "title")
    context = browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(base_url + "years/2018/")
        links = plain.locator("[data-jx-large] + .jx-table-wrap tbody a")
        assert department in links.all_text_contents()
        assert plain.locator("#year-table tbody tr").count() == 0
    finally:
        context.close()


def test_the_year_table_header_stays_in_view_while_its_rows_scroll(page: Any, base_url: str) -> None:
    page.goto(base_url + "years/2019/")
    wrap = page.locator(".jx-table-wrap.jx-sticky").first
    wrap.scroll_into_view_if_needed()
    wrap.evaluate("w => { w.scrollTop = 400; }")
    assert wrap.evaluate("w => w.scrollTop") > 0
    header, box = page.locator("#year-table thead th").first.bounding_box(), wrap.bounding_box()
    assert header is not None and box is not None and abs(header["y"] - box["y"]) < 2
