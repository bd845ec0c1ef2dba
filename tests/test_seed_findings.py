"""The seed's four published tables: zero errors, and every defect reported at its value.

The defects, found by reading the four tables of content/sources/000_f18801941a00c253.txt:

coal-network-ops (table 1)
- 综合监控联网平台升级: 分值 5, 得分 10, a score above its weight (W103, at the score).
- 数据接口接入: >=2次 achieved 2次, yet scored 5 of 10 (I108, at the score) with no deviation
  reason (I107, at the empty deviation).
- 严格按照项目支出进行（万元）: cost target <=85万元 met with 76.83万元, yet scored
  proportionally 76.83 ÷ 85 × 5 = 4.52 of 5 (I109, at the score).
coal-digital-monitoring (table 2)
- Weights sum to 95 (funds 10 + indicators 85), not 100 (W101, at total.weight).
- 产出指标 weighs 45, not the template's 50 (W102, at the group's first 一级指标 cell).
- 总分 printed 100.00 while the scores sum to 95.00 (T101, at total.score).
energy-saving-service (table 3)
- 严格按照项目支出进行: actual "10万云", a typo for 万元 (I106, at the actual).
coal-expert-consultation (table 4)
- 专家会诊活动: target =30矿次, actual 30份, different units (I105, at the actual).
- 三级指标 named "2021年1月-12月", a value typed into the name column (I111, at the name).

Recomputation (C104): the totals of tables 1 (98.56,
rules 99.04) and 2 (100.00, rules 95.00) differ from what the scoring rules give. Table 1's
three score cells also differ from the recomputation (C103), but W103, I108 and I109 report
those cells more specifically and supersede C103 there.

Not defects (checked, and pinned by the exact set below): table 1's 时效 row whose actual equals
its period target; "满意度指标" as a 二级指标 name; qualitative targets (提升, 长期) reported
as 100% or 95%; table 3's =90% achieved 95% (forward, met, below the 130% threshold).
"""

from __future__ import annotations

import pytest

from generator.cli.options import load_paths
from generator.model.diagnostics import Diagnostic, Severity
from generator.read.siteconfig import load_site
from generator.rules.check import check
from tests.conftest import CONTENT, SEED_HOME

R = "content/records/2021/"
SEED_FINDINGS = {
    ("W103", R + "2021-cj-coal-network-ops.yaml", 29, 12),
    ("I108", R + "2021-cj-coal-network-ops.yaml", 45, 12),
    ("I107", R + "2021-cj-coal-network-ops.yaml", 46, 16),
    ("I109", R + "2021-cj-coal-network-ops.yaml", 77, 12),
    ("W102", R + "2021-cj-coal-digital-monitoring.yaml", 23, 13),
    ("W101", R + "2021-cj-coal-digital-monitoring.yaml", 96, 17),
    ("T101", R + "2021-cj-coal-digital-monitoring.yaml", 96, 29),
    ("I106", R + "2021-cj-energy-saving-service.yaml", 51, 13),
    ("I105", R + "2021-cj-coal-expert-consultation.yaml", 27, 13),
    ("I111", R + "2021-cj-coal-expert-consultation.yaml", 49, 11),
    # published figures that differ from the recomputation (generator/rules/recomputation.py)
    ("C104", R + "2021-cj-coal-network-ops.yaml", 104, 29),
    ("C104", R + "2021-cj-coal-digital-monitoring.yaml", 96, 29),
}


@pytest.fixture
def seed(monkeypatch: pytest.MonkeyPatch) -> list[Diagnostic]:
    """Return the diagnostics of content/, with paths shown relative to the repository."""
    monkeypatch.chdir(SEED_HOME)
    site, problems = load_site(CONTENT)
    assert problems == []
    return list(check(load_paths([CONTENT]), site).diagnostics)


def test_seed_has_no_errors(seed: list[Diagnostic]) -> None:
    assert [d for d in seed if d.severity is Severity.ERROR] == []


def test_every_seed_defect_is_reported_at_its_value(seed: list[Diagnostic]) -> None:
    assert {(d.code, d.file, d.line, d.column) for d in seed} == SEED_FINDINGS
    assert len(seed) == len(SEED_FINDINGS)


def test_seed_findings_state_the_values(seed: list[Diagnostic]) -> None:
    by_code = {d.code: d for d in seed}
    assert by_code["T101"].message == "总分印为 100.00，而预算执行得分与各指标得分之和为 95.00。"
    assert (by_code["T101"].expected, by_code["T101"].actual) == ("95.00", "100.00")
    assert (by_code["W101"].expected, by_code["W101"].actual) == ("100", "95")
    assert (by_code["W103"].expected, by_code["W103"].actual) == ("0–5", "10")
    assert (by_code["I109"].expected, by_code["I109"].actual) == ("5", "4.52")
    assert "76.83万元 ÷ 85万元 × 5 = 4.52" in by_code["I109"].message
    assert (by_code["I106"].expected, by_code["I106"].actual) == ("万元", "万云")
    assert (by_code["I105"].expected, by_code["I105"].actual) == ("矿次", "份")
    assert by_code["I111"].actual == "2021年1月-12月"
