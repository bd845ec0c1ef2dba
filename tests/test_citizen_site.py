"""Comparisons, recurring projects, signals, charts and places for citizens (issue 14)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from generator.importers.emit import emit_record
from generator.importers.synth import synth_records
from generator.read.load import load_file
from generator.read.siteconfig import SiteConfig
from generator.rules.check import check
from generator.scoring import score_record
from generator.scoring.profile import load_profile
from generator.site import charts, compare, signals, svg, yearrows
from generator.site.compare_views import Comparison
from generator.site.places import place
from generator.site.render import render_pages, year_rows_files
from generator.site.sitedata import SiteModel, build_model, summarize


def _model(tmp_path: Path, records: list[dict[str, Any]]) -> SiteModel:
    loaded = []
    tmp_path.mkdir(parents=True, exist_ok=True)
    for data in records:
        path = tmp_path / f"{data['id']}.yaml"
        path.write_text(emit_record(data), encoding="utf-8")
        loaded.append(load_file(path, path.name))
    site = SiteConfig()
    checked = check(loaded, site)
    assert not [d for d in checked.diagnostics if d.severity.name == "ERROR"]
    profile = load_profile("national")
    scored = [(r, profile, score_record(r, profile)) for r in checked.records]
    return build_model(site, scored, checked.diagnostics)


def _pair(title: str = "公路养护专项经费") -> list[dict[str, Any]]:
    """The same project in 2020 and 2021 (one synthetic record, two years)."""
    first = synth_records(1, seed=3, year=2020)[0]
    second = copy.deepcopy(first)
    second.update(id="2021-x-00000", year=2021, title=title)
    first["title"] = "2020年度公路养护专项经费"
    return [first, second]


def test_median_is_exact_for_odd_and_even_counts() -> None:
    assert compare.median([Decimal(3), Decimal(1), Decimal(2)]) == Decimal(2)
    assert compare.median([Decimal("1.5"), Decimal(4), Decimal(1), Decimal(2)]) == Decimal("1.75")
    assert compare.median([]) is None


def test_a_project_recurs_by_department_and_title_without_its_year(tmp_path: Path) -> None:
    model = _model(tmp_path, _pair())
    cmp = Comparison.of(model)
    entry = model.of_year(2021)[0]
    assert [e.record.year for e in cmp.series_of(entry)] == [2020, 2021]
    assert cmp.lowered(entry) == ()


def test_the_series_field_joins_records_whatever_their_titles(tmp_path: Path) -> None:
    records = _pair(title="完全不同的名称")
    assert Comparison.of(_model(tmp_path / "a", records)).series == {}  # titles differ: no match
    for data in records:
        data["series"] = "公路养护"
    model = _model(tmp_path / "b", records)
    assert len(Comparison.of(model).series_of(model.entries[0])) == 2


def test_two_same_title_records_in_one_year_are_not_guessed_into_a_series(tmp_path: Path) -> None:
    first, second = _pair()
    twin = copy.deepcopy(second)
    twin.update(id="2021-x-00001")
    model = _model(tmp_path / "a", [first, second, twin])
    assert Comparison.of(model).series == {}  # which 2021 record continues 2020 is unknown
    for data in (first, twin):
        data["series"] = "公路养护一期"
    model = _model(tmp_path / "b", [first, second, twin])
    joined = Comparison.of(model).series  # by record id
    assert sorted(joined) == [first["id"], "2021-x-00001"]
    assert [e.record.id for e in joined["2021-x-00001"]] == [first["id"], "2021-x-00001"]


def test_a_target_lowered_from_one_year_to_the_next_is_listed(tmp_path: Path) -> None:
    first, second = _pair()
    name = first["indicators"][0]["name"]
    unit = first["indicators"][0]["target"].lstrip(">=0123456789")
    first["indicators"][0]["target"], second["indicators"][0]["target"] = f">=50{unit}", f">=40{unit}"
    # a lower-is-better target that rose asks less too; a higher-is-better one that rose does not
    first["indicators"][3]["target"], second["indicators"][3]["target"] = "<=80万元", "<=90万元"
    first["indicators"][1]["target"], second["indicators"][1]["target"] = ">=90%", ">=95%"
    model = _model(tmp_path, [first, second])
    cmp = Comparison.of(model)
    lowered = cmp.lowered(model.of_year(2021)[0])
    assert [(t.name, t.before_year, t.before, t.after_year, t.after) for t in lowered] == [
        (name, 2020, f">=50{unit}", 2021, f">=40{unit}"),
        ("严格按照预算执行（万元）", 2020, "<=80万元", 2021, "<=90万元")]
    # the other page of the series shows the same, worked out once per series
    assert cmp.lowered(model.of_year(2020)[0]) is lowered
    assert Comparison.of(model).lowered(model.of_year(2020)[0]) == lowered


def test_signals_find_full_marks_with_a_low_rate_and_whole_departments_at_full_marks(
        tmp_path: Path) -> None:
    records = synth_records(3, seed=5, year=2021)
    for data in records:
        data["department"] = "示例市同一局"
        data["total"]["score"] = Decimal(100)
    for data in records:  # full execution, except the first at 50%
        funds = data["funds"]
        share = Decimal("0.5") if data is records[0] else Decimal(1)
        funds["total"]["executed"] = funds["fiscal"]["executed"] = funds["total"]["budget"] * share
    found = {s.key: s for s in signals.year_signals(_model(tmp_path, records).entries)}
    assert [e.record.id for g in found["full-marks-low-rate"].groups for e in g.entries] == [
        records[0]["id"]]
    assert [(g.label, len(g.entries)) for g in found["all-full-marks"].groups] == [("示例市同一局", 3)]


def test_signals_find_exact_targets_and_repeated_deviation_texts(tmp_path: Path) -> None:
    records = synth_records(2, seed=9, year=2021)
    for ind in records[0]["indicators"]:
        ind["actual"] = ind["target"].lstrip("<>=")
    text = "因疫情影响部分工作延后开展，已督促整改。"
    for data in records:
        data["indicators"][5]["deviation"] = text
    found = {s.key: s for s in signals.year_signals(_model(tmp_path, records).entries)}
    assert [e.record.id for g in found["exact-targets"].groups for e in g.entries] == [records[0]["id"]]
    same = {g.label: len(g.entries) for g in found["same-deviation"].groups}
    assert same[text] == 2


def test_places_are_in_the_words_of_the_printed_table(tmp_path: Path) -> None:
    record = _model(tmp_path, synth_records(1, seed=1, year=2021)).entries[0].record
    name = record.indicators[2].name
    assert place(record, "indicators[2].score") == f"第 3 项绩效指标“{name}”的得分"
    assert place(record, "indicators[2].score", f"指标“{name}”…") == "第 3 项绩效指标的得分"
    assert place(record, "funds.total.budget") == "项目资金·年度资金总额的全年预算数"
    assert place(record, "total.score") == "总分行的得分"
    assert place(record, "") == ""


def test_charts_say_in_words_what_they_draw_and_are_the_same_bytes_every_time(tmp_path: Path) -> None:
    model = _model(tmp_path, synth_records(12, seed=2, year=2021))
    entries = model.of_year(2021)
    made = charts.year_charts(summarize(2021, entries), entries)
    assert [c.key for c in made] == ["scores", "grades", "differences"]
    for chart in made:
        assert chart.summary.endswith("。") and chart.rows
        assert str(chart.svg).startswith('<svg class="jx-svg"') and "<title" in str(chart.svg)
    assert sum(int(row[1]) for row in made[0].rows) == 12
    again = charts.year_charts(summarize(2021, entries), entries)
    assert [str(c.svg) for c in again] == [str(c.svg) for c in made]


def test_an_svg_label_is_escaped() -> None:
    drawn = str(svg.bar_chart("c", "<t>", [svg.Bar("<script>", ((Decimal(1), "1"),))], ("s",)))
    assert "<script>" not in drawn and "&lt;script&gt;" in drawn


def test_a_large_year_writes_its_rows_to_a_data_file(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    model = _model(tmp_path, synth_records(5, seed=4, year=2021))
    monkeypatch.setattr(yearrows, "YEAR_TABLE_LIMIT", 3)
    pages = render_pages(model)
    data = json.loads(year_rows_files(model)["years/2021/rows.json"])
    assert data["fields"] == list(yearrows.FIELDS)
    assert sorted(r[0] for r in data["rows"]) == sorted(e.url for e in model.entries)
    assert all(len(r) == len(yearrows.FIELDS) for r in data["rows"])
    page = pages["years/2021/index.md"].decode()
    assert 'data-jx-rows="rows.json"' in page and page.count('<tr data-grade=') == 0
    assert "示例市" in page  # the departments, each linked to its page, stand in for the rows
    monkeypatch.setattr(yearrows, "YEAR_TABLE_LIMIT", 300)
    small = render_pages(model)
    assert "years/2021/rows.json" not in year_rows_files(model)
    assert small["years/2021/index.md"].decode().count('<tr data-grade=') == 5
