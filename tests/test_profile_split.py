"""A profile whose first-level split differs from 50/30/10/10 is data, honoured by the rules.

No province's own rule with another split could be cited yet (issue 12, item 7), so no such
profile is shipped. These tests write a TEST-ONLY profile into a temporary folder — its numbers
(预算执行 20, 产出 40, 效益 30, 满意度 10) are invented for the test and cite no real rule —
and check that a table printed with that split scores and validates without false alarms under
it, while the same table under `national` gets the W102 findings it should.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from generator.model.diagnostics import Diagnostic
from generator.read.load import load_file
from generator.read.siteconfig import SiteConfig
from generator.rules.base import Context
from generator.rules.check import check, record_findings
from generator.scoring import score_record
from generator.scoring.profile import InvalidProfile, Profile, load_profile, load_profile_file

TEST_ONLY_SOURCE = "TEST-ONLY：测试虚构的分值，不是任何省份的规则，不随本站发布"


def national_raw() -> dict[str, Any]:
    text = resources.files("generator.scoring").joinpath("profiles", "national.yaml").read_text("utf-8")
    data: dict[str, Any] = YAML(typ="safe").load(text)
    return data


def write_profile(folder: Path, weights: dict[str, Any], name: str = "test-only-split") -> Path:
    """Write the national profile with other weights, labelled TEST-ONLY, and return its path."""
    data = copy.deepcopy(national_raw())
    data.update(name=name, title=f"TEST-ONLY {name}", description=TEST_ONLY_SOURCE)
    data["weights"] = {"source": TEST_ONLY_SOURCE, **weights}
    path = folder / f"{name}.yaml"
    with path.open("w", encoding="utf-8") as handle:
        YAML(typ="safe").dump(data, handle)
    return path


SPLIT_20_40_30_10 = {"total": 100, "funds": 20,
                     "level1": {"产出指标": 40, "效益指标": 30, "满意度指标": 10}}


def row(level1: str, level2: str, name: str, target: str, actual: str, weight: int) -> str:
    return (f"  - level1: {level1}\n    level2: {level2}\n    name: {name}\n"
            f'    target: "{target}"\n    actual: {actual}\n    weight: {weight}\n'
            f'    score: {weight}\n    deviation: ""\n')


def write_record(folder: Path, record_id: str, funds: int, output: tuple[int, int]) -> Path:
    """Write a consistent table: funds weighing `funds`, 产出 rows `output`, 效益 30, 满意度 10.

    Rate 76.83 ÷ 85.00 = 90.39%, so the funds score is funds × 0.9039; every target is met."""
    funds_score = (Decimal(funds) * Decimal("0.9039")).quantize(Decimal("0.01"))
    total = funds_score + sum(output) + 40
    text = (
        f"schema_version: 1\nid: {record_id}\nyear: 2021\ntitle: 测试项目运维经费\n"
        "department: 测试主管部门\nimplementer: 测试实施单位\namount_unit: 万元\n\n"
        f"funds:\n  weight: {funds}\n"
        "  total: {initial: 85.00, budget: 85.00, executed: 76.83}\n"
        "  fiscal: {initial: 85, budget: 85, executed: 76.83}\n"
        "  carryover: {initial: 0, budget: 0, executed: 0}\n"
        "  other: {initial: 0, budget: 0, executed: 0}\n"
        f'  reported: {{rate: "90.39%", score: {funds_score}}}\n\n'
        "goals:\n  planned: 定期维护监控系统，保障系统全年稳定运行。\n"
        "  achieved: 已完成监控系统维护，系统全年稳定运行。\n\nindicators:\n"
        + row("产出指标", "数量指标", "系统维护次数", ">=12次", "12次", output[0])
        + row("产出指标", "成本指标", "项目支出", "<=85万元", "76.83万元", output[1])
        + row("效益指标", "社会效益指标", "提升监管能力", "提升", "100%", 30)
        + row("满意度指标", "服务对象满意度指标", "企业满意度", ">=95%", "96%", 10)
        + f"\ntotal: {{weight: 100, score: {total}, grade: 优}}\n"
        'notes: ""\n\nsource:\n  document: 2021年度项目支出绩效自评表\n  file: test.txt\n'
        "  sha256: d2e2eba03f5590c58813000a04276bfffacd553fb53eb348182be67dd400202d\n"
        "  url: null\n")
    path = folder / f"{record_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def findings_under(path: Path, profile: Profile) -> list[Diagnostic]:
    """Run every record rule on the record under `profile`, as `check` does for a shipped one."""
    record = load_file(path, path.name).record
    assert record is not None
    return record_findings(record, Context(profile, score_record(record, profile)))


def facts(found: list[Diagnostic]) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(d.code, d.pointer, d.expected, d.actual) for d in found]


@pytest.fixture
def split_profile(tmp_path: Path) -> Profile:
    return load_profile_file(write_profile(tmp_path, SPLIT_20_40_30_10))


def test_test_only_profile_loads_with_its_split(split_profile: Profile) -> None:
    assert split_profile.name == "test-only-split"
    assert (split_profile.total_weight, split_profile.funds_weight,
            split_profile.indicators_weight) == (Decimal(100), Decimal(20), Decimal(80))
    assert split_profile.level1_weights == (
        ("产出指标", Decimal(40)), ("效益指标", Decimal(30)), ("满意度指标", Decimal(10)))
    assert dict(split_profile.sources)["weights"] == TEST_ONLY_SOURCE


def test_table_printed_with_the_split_passes_under_its_profile(tmp_path: Path,
                                                               split_profile: Profile) -> None:
    path = write_record(tmp_path, "split-20-40", funds=20, output=(20, 20))
    assert findings_under(path, split_profile) == []
    record = load_file(path, path.name).record
    assert record is not None
    scored = score_record(record, split_profile)
    # the funds score is the printed 分值 20 × 90.39%, the total the sum, the grade from it
    assert (scored.funds_weight, scored.funds_score) == (Decimal(20), Decimal("18.08"))
    assert (scored.total, scored.grade) == (Decimal("98.08"), "优")


def test_same_table_under_national_gets_w102(tmp_path: Path) -> None:
    path = write_record(tmp_path, "split-20-40", funds=20, output=(20, 20))
    found = findings_under(path, load_profile("national"))
    assert facts(found) == [("W102", "funds.weight", "10", "20"),
                            ("W102", "indicators[0].level1", "50", "40")]
    # the helper above runs the rules as `check` does: same findings through the real pipeline
    checked = check([load_file(path, path.name)], SiteConfig())
    assert facts(list(checked.diagnostics)) == facts(found)


def test_national_split_is_flagged_under_the_other_profile(tmp_path: Path,
                                                           split_profile: Profile) -> None:
    path = write_record(tmp_path, "split-10-50", funds=10, output=(30, 20))
    assert findings_under(path, load_profile("national")) == []
    assert facts(findings_under(path, split_profile)) == [
        ("W102", "funds.weight", "20", "10"), ("W102", "indicators[0].level1", "40", "50")]


@pytest.mark.parametrize(("weights", "message"), [
    ({"total": 100, "funds": 20, "level1": {"产出指标": 50, "效益指标": 30, "满意度指标": 10}},
     "weights.level1 的分值合计 90 不等于绩效指标分值 80"),
    ({"total": 100, "funds": 20, "indicators": 90, "level1": {}},
     "weights 中预算执行 20 + 绩效指标 90 不等于总分 100"),
    ({"total": 100, "funds": 20, "level1": {"产出": 40, "效益指标": 30, "满意度指标": 10}},
     "weights.level1 的“产出”不是一级指标名称（应为 产出指标、效益指标、满意度指标）"),
])
def test_profile_whose_weights_do_not_add_up_is_refused(tmp_path: Path, weights: dict[str, Any],
                                                        message: str) -> None:
    path = write_profile(tmp_path, weights, name="test-only-broken")
    with pytest.raises(InvalidProfile) as raised:
        load_profile_file(path)
    assert str(raised.value) == f"评分规则文件 test-only-broken.yaml：{message}。"
