"""Issue 12: recompute what a reader can, never refuse what a unit published.

Every table is written by the test (tests/fidelityfixtures.py) and checked end to end: what
`validate` reports (exact codes), what `score` recomputes, and the coverage figure.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from generator.model.diagnostics import Diagnostic, Severity
from generator.model.levels import level1_of, split_weight
from generator.model.values import harmonise, parse_cell
from generator.read.load import load_file
from generator.read.siteconfig import SiteConfig
from generator.rules.check import check, profile_for
from generator.scoring import RecordScore, score_record
from generator.scoring.outcome import UNVERIFIABLE_METHOD
from generator.scoring.profile import available, load_profile
from tests.fidelityfixtures import write_fixtures


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_fixtures(tmp_path_factory.mktemp("fidelity") / "content")


def findings(path: Path) -> list[Diagnostic]:
    result = check([load_file(path)], SiteConfig())
    return list(result.diagnostics)


def codes(path: Path) -> list[str]:
    return [d.code for d in findings(path)]


def scored(path: Path) -> RecordScore:
    record = load_file(path).record
    assert record is not None
    return score_record(record, profile_for(record, SiteConfig()))


@pytest.mark.parametrize(("label", "name", "weight"), [
    ("产出指标(50分)", "产出指标", "50"), ("产出指标（50分）", "产出指标", "50"),
    ("产出指标 ( 50 分 )", "产出指标", "50"), ("效益指标【３０分】", "效益指标", "30"),
    ("满意度指标(10)", "满意度指标", "10"), ("产出指标", "产出指标", None),
])
def test_printed_group_weight_is_read_from_the_label(label: str, name: str,
                                                     weight: str | None) -> None:
    assert split_weight(label) == (name, None if weight is None else Decimal(weight))
    assert level1_of(label) == name


def test_real_county_table_gets_no_false_alarm_and_full_recomputation(tables: dict[str, Path]) -> None:
    path = tables["2022-chizhou-entrusted"]
    # Only the table's real defects: the 0/0/0 total row (three columns), the budget of the
    # total row, and the printed rate, funds score and total that follow from it.
    assert codes(path) == ["F101", "F101", "F105", "F101", "F102", "F103", "C104"]
    result = scored(path)
    assert (result.funds_rate, result.funds_score) == (Decimal(1), Decimal("10.00"))
    assert result.funds_note.startswith("年度资金总额一行为 0 或空白，按各资金来源之和计算")
    assert (result.total, result.grade) == (Decimal("100.00"), "优")
    assert result.coverage.recomputed == result.coverage.indicators == 10
    notes = [i.note for i in result.indicators]
    assert notes[0] == "实际完成值“50”未写单位，按年度指标值的单位“个”理解。"
    assert notes[2] == "实际完成值“达成预期指标”对应达成档 80%–100%。"


def test_printed_rate_and_score_are_findings_beside_the_sum_of_the_sources(
        tables: dict[str, Path]) -> None:
    by_code = {d.code: d for d in findings(tables["2022-chizhou-entrusted"])}
    assert by_code["F102"].expected == "100.00%" and by_code["F102"].actual == "0.00%"
    assert "按各资金来源之和计算" in by_code["F102"].message
    assert by_code["F103"].expected == "10.00"


def test_a_correct_table_with_other_spellings_has_no_finding(tables: dict[str, Path]) -> None:
    path = tables["2022-correct-units"]
    assert findings(path) == []
    result = scored(path)
    assert [i.recomputed for i in result.indicators] == [True] * 6
    assert result.differences == ()
    assert "换算为同一单位后比较" in result.indicators[2].note


def test_blank_cells_are_findings_not_errors(tables: dict[str, Path]) -> None:
    path = tables["2022-blank-cells"]
    found = findings(path)
    assert not [d for d in found if d.severity is Severity.ERROR]
    assert [d.code for d in found] == ["S111", "S111", "F107", "N102", "W106", "I113", "T103"]
    result = check([load_file(path)], SiteConfig())
    assert len(result.records) == 1  # publishable


def test_blank_weight_and_unverifiable_row_say_why(tables: dict[str, Path]) -> None:
    result = scored(tables["2022-blank-cells"])
    blank_weight, unverifiable = result.indicators[1], result.indicators[2]
    assert (blank_weight.recomputed, blank_weight.reason) == (False, "weight-blank")
    assert blank_weight.computed == Decimal("20.00")  # the printed score, kept
    assert unverifiable.method == UNVERIFIABLE_METHOD
    assert (unverifiable.reason, unverifiable.computed) == ("unverifiable", Decimal("30.00"))
    assert result.to_json()["computed"]["indicators"][1]["weight"] is None  # type: ignore[index]


def test_layout_without_full_year_budget_uses_the_budget_it_prints(tables: dict[str, Path]) -> None:
    path = tables["2022-no-budget-column"]
    assert findings(path) == []
    result = scored(path)
    assert result.funds_score == Decimal("9.04")
    assert "原表未印全年预算数，按其印出的年初预算数计算" in result.funds_note


def test_hints_never_ask_for_a_cell_the_form_does_not_have(tables: dict[str, Path]) -> None:
    hints = [d.hint for path in tables.values() for d in findings(path)]
    assert hints and not [h for h in hints if "请按原表填写" in h]


def test_sichuan_table_splits_its_90_points_itself(tables: dict[str, Path]) -> None:
    assert findings(tables["2022-sichuan-shape"]) == []
    profile = load_profile("sichuan")
    assert (profile.funds_weight, profile.indicators_weight, profile.level1_weights) == (
        Decimal(10), Decimal(90), ())
    assert (profile.budget_label, profile.reason_below) == ("调整后预算数", Decimal("0.90"))


@pytest.mark.parametrize(("target", "actual", "unit", "note"), [
    ("=8个", "8", "个", "实际完成值“8”未写单位，按年度指标值的单位“个”理解"),
    ("≤90万元", "88.5", "万元", "实际完成值“88.5”未写单位，按年度指标值的单位“万元”理解"),
    ("95", ">=90%", "%", "年度指标值“95”未写单位，按实际完成值的单位“%”理解"),
    ("=30矿次", "30份", None, ""),          # units really differ: never
    (">=8个", "8个/次", None, ""),         # both print a unit
    ("8", "8次/年", None, ""),             # the other side's unit is compound: never
])
def test_bare_number_takes_the_unit_of_the_other_side(target: str, actual: str,
                                                      unit: str | None, note: str) -> None:
    t, a, said = harmonise(parse_cell(target), parse_cell(actual))
    assert said == note
    if unit is not None:
        assert t.unit == a.unit == unit and t.dimension == a.dimension


@pytest.mark.parametrize(("target", "actual", "band"), [
    ("提升", "达成预期指标", "achieved"), ("效果明显", "部分达成预期指标", "partial"),
    ("效果明显", "未达成预期指标", "failed"), ("有效", "达成年度指标", "achieved"),
    ("有效", "部分达成", "partial"), ("有效", "未达成。", "failed"), ("有效", "已完成", "achieved"),
    ("有效", "完成", "achieved"), ("是", "是", "achieved"), ("否", "否", "achieved"),
    ("是", "否", "failed"), ("提升", "较好", None),
])
def test_qualitative_wording_places_the_score_in_its_band(target: str, actual: str,
                                                          band: str | None) -> None:
    from generator.scoring.qualitative import supported_band

    assert supported_band(parse_cell(target), parse_cell(actual), load_profile("national")) == band


def test_every_band_cites_its_source() -> None:
    for name in ("national", "linear-reverse", "sichuan"):
        sources = dict(load_profile(name).evidence_sources)
        assert set(sources) == {"achieved", "partial", "failed"}
        assert all("财预〔2020〕10号" in text for text in sources.values())


def _all_fixture_records(extra: Path) -> Iterator[Path]:
    root = Path(__file__).resolve().parent.parent
    for folder in (root / "content" / "records", root / "tests" / "golden" / "content" / "records",
                   root / "tests" / "cases", extra):
        yield from sorted(folder.rglob("*.yaml"))


def test_coverage_over_every_fixture(tables: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    from generator.scoring.coverage import merge

    parts = []
    lines = []
    for path in _all_fixture_records(next(iter(tables.values())).parent):
        record = load_file(path).record
        if record is None or record.profile not in (None, *available()):
            continue  # files that are broken on purpose (loader and S121 cases)
        coverage = score_record(record, profile_for(record, SiteConfig())).coverage
        parts.append(coverage)
        lines.append(f"{record.id}: {coverage.text()}")
    total = merge(parts)
    with capsys.disabled():
        print(f"\ncoverage over {len(parts)} fixture records: {total.text()}")
        print("\n".join(line for line in lines if line.startswith("2022-")))
    # every indicator is either recomputed or counted under a reason, never lost
    assert total.recomputed + sum(n for _, n in total.reasons) == total.indicators
    fidelity = merge(scored(p).coverage for p in tables.values())
    assert (fidelity.indicators, fidelity.recomputed) == (26, 24)
    assert dict(fidelity.reasons) == {"weight-blank": 1, "unverifiable": 1}
