"""Indicator scoring, one table row per method and boundary (domain.md "Scoring rules")."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.model.record import Indicator, Measure
from generator.scoring.indicator import score_indicator
from generator.scoring.outcome import CAPPED_METHOD, KEPT_METHOD
from generator.scoring.profile import load_profile

FWD_MET = "正向指标：完成值达到指标值，得满分"
FWD = "正向指标：完成值÷指标值×分值"
REV_MET = "反向指标：完成值未超过指标值，得满分"
REV_RATIO = "反向指标：指标值÷完成值×分值"
REV_LINEAR = "反向指标：(1−(完成值−指标值)÷指标值)×分值，两倍指标值时为0"
EQ_EXACT = "等值指标：完成值等于指标值，得满分"
EQ_OVER = "等值指标：完成值超过指标值，得满分"
EQ = "等值指标：完成值÷指标值×分值"
EQ_COST = "等值指标（成本类，按反向）：指标值÷完成值×分值"
TIME_EXACT = "时效指标：完成值等于指标值，得满分"
PERIOD = "时效指标：按期完成，得满分"
QUAL_ACHIEVED = "定性指标：采信报告得分（达成档 80%–100%）"
QUAL_PARTIAL = "定性指标：采信报告得分（部分达成档 60%–80%）"
QUAL_FAILED = "定性指标：采信报告得分（未达成档 0%–60%）"


def row(target: str | Measure | None, actual: str | Measure | None, weight: str = "10",
        score: str | None = "10", level2: str = "数量指标") -> Indicator:
    """Return an indicator row with the given cells."""
    return Indicator("产出指标", level2, "指标", target, actual, Decimal(weight),
                     None if score is None else Decimal(score), "")


def scored(ind: Indicator, profile: str = "national") -> tuple[str | None, str, bool]:
    result = score_indicator(0, ind, load_profile(profile))
    computed = None if result.computed is None else f"{result.computed:f}"
    return computed, result.method, result.recomputed


QUANTITATIVE = [
    # forward: exactly at target, just below, proportional, strict '>' at target
    (row(">=95%", "95%"), ("10.00", FWD_MET, True)),
    (row(">=95%", "94.99%"), ("10.00", FWD, True)),  # 9.9989… rounds up to the weight
    (row(">=95%", "94%"), ("9.89", FWD, True)),
    (row(">=12次", "9次"), ("7.50", FWD, True)),
    (row(">=12次", "0次"), ("0.00", FWD, True)),
    (row(">100", "100"), ("10.00", FWD, True)),
    (row("≥1次", "1次", "5", "10"), ("5.00", FWD_MET, True)),
    # half up at the end of the figure: 5.35 × 1/2 = 2.675 → 2.68; 0.25 × 1/2 = 0.125 → 0.13
    (row(">=2次", "1次", "5.35"), ("2.68", FWD, True)),
    (row(">=2次", "1次", "0.25"), ("0.13", FWD, True)),
    # reverse: met at and below target, missed under the template's ratio
    (row("<=85万元", "85万元", level2="成本指标"), ("10.00", REV_MET, True)),
    (row("<=85万元", "76.83万元", level2="成本指标"), ("10.00", REV_MET, True)),
    (row("<=10万元", "12.5万元", level2="成本指标"), ("8.00", REV_RATIO, True)),
    (row("<=1万元", "12000元", level2="成本指标"), ("8.33", REV_RATIO, True)),
    (row("<=10万元", "100000元", level2="成本指标"), ("10.00", REV_MET, True)),
    (row("<10天", "10天"), ("10.00", REV_RATIO, True)),
    # equal: exactly, above (forward), below, under a cost level, no comparator printed
    (row("=12次", "12次"), ("10.00", EQ_EXACT, True)),
    (row("=90%", "95%"), ("10.00", EQ_OVER, True)),
    (row("=12次", "9次"), ("7.50", EQ, True)),
    (row("=47.92万元", "50万元", level2="成本指标"), ("9.58", EQ_COST, True)),
    (row("=47.92万元", "47.92万元", level2="经济成本指标"),
     ("10.00", "等值指标（成本类，按反向）：完成值未超过指标值，得满分", True)),
    (row("100%", "95%"), ("9.50", EQ, True)),
    # mapping form {op, value, unit}
    (row(Measure("≥", Decimal(735), "人次"), Measure(None, Decimal(700), "人次")),
     ("9.52", FWD, True)),
]


@pytest.mark.parametrize(("ind", "expected"), QUANTITATIVE)
def test_quantitative_methods(ind: Indicator, expected: tuple[str, str, bool]) -> None:
    assert scored(ind) == expected


LINEAR = [
    (row("<=10万元", "12.5万元", level2="成本指标"), ("7.50", REV_LINEAR, True)),
    (row("<=10万元", "20万元", level2="成本指标"), ("0.00", REV_LINEAR, True)),
    (row("<=10万元", "25万元", level2="成本指标"), ("0.00", REV_LINEAR, True)),
    (row("<=10万元", "10万元", level2="成本指标"), ("10.00", REV_MET, True)),
    (row(">=12次", "9次"), ("7.50", FWD, True)),
]


@pytest.mark.parametrize(("ind", "expected"), LINEAR)
def test_linear_reverse_profile(ind: Indicator, expected: tuple[str, str, bool]) -> None:
    assert scored(ind, "linear-reverse") == expected


TIME = [
    (row("2021年1月-12月", "2021年1月-12月", level2="时效指标"), ("10.00", PERIOD, True)),
    (row("2021年1月-12月", "1-12月", level2="时效指标"), ("10.00", PERIOD, True)),
    (row("2021年1月-12月", "2021年", level2="时效指标"), ("10.00", PERIOD, True)),
    (row("2021年1月-12月", "2020年1月-12月", "10", "10", level2="时效指标"),
     ("10.00", KEPT_METHOD, False)),
    (row("=4季度", "4季度", level2="时效指标"), ("10.00", TIME_EXACT, True)),
    (row("=12月", "12月", level2="时效指标"), ("10.00", TIME_EXACT, True)),
    (row("=4季度", "3季度", "10", "8", level2="时效指标"), ("8.00", KEPT_METHOD, False)),
    (row("2021年1月-12月", "2021年1月-11月", "10", "9", level2="时效指标"),
     ("9.00", KEPT_METHOD, False)),
    (row("<=20天", "25天", level2="时效指标"), ("8.00", REV_RATIO, True)),
]


@pytest.mark.parametrize(("ind", "expected"), TIME)
def test_time_and_period_methods(ind: Indicator, expected: tuple[str, str, bool]) -> None:
    assert scored(ind) == expected


QUALITATIVE = [
    (row("提升", "100%", "15", "15"), ("15.00", QUAL_ACHIEVED, True)),
    (row("提升", "95%", "15", "12"), ("12.00", QUAL_ACHIEVED, True)),  # 80% edge, included
    (row("提升", "80%", "15", "15"), ("15.00", QUAL_ACHIEVED, True)),  # actual at the edge
    (row("提升", "95%", "15", "11.99"),
     ("12.00", "定性指标：报告得分不在达成档 80%–100%，取该档内最接近的得分", True)),
    (row("提升", "70%", "15", "9"), ("9.00", QUAL_PARTIAL, True)),  # 60% edge, included
    (row("提升", "60%", "15", "11.99"), ("11.99", QUAL_PARTIAL, True)),
    (row("提升", "79.99%", "15", "12"),
     ("11.99", "定性指标：报告得分不在部分达成档 60%–80%，取该档内最接近的得分", True)),
    (row("提升", "59.99%", "15", "8.99"), ("8.99", QUAL_FAILED, True)),
    (row("提升", "59.99%", "15", "9"),
     ("8.99", "定性指标：报告得分不在未达成档 0%–60%，取该档内最接近的得分", True)),
    (row("提升", "部分完成", "15", "10"), ("10.00", QUAL_PARTIAL, True)),
    (row("提升", "未达成", "15", "0"), ("0.00", QUAL_FAILED, True)),
    (row("提升", "提升", "15", "15"), ("15.00", QUAL_ACHIEVED, True)),
    (row("长期", "良好", "15", "15"), ("15.00", KEPT_METHOD, False)),
    (row("提升", "95%", "15", None), (None, KEPT_METHOD, False)),
    (row("提升", "95%", "0", "0"), ("0.00", "定性指标：分值为 0，得分为 0", True)),
]


@pytest.mark.parametrize(("ind", "expected"), QUALITATIVE)
def test_qualitative_bands(ind: Indicator, expected: tuple[str | None, str, bool]) -> None:
    assert scored(ind) == expected


KEPT = [
    (row("=30矿次", "30份"), "年度指标值“=30矿次”与实际完成值“30份”的单位不可比（矿次 与 份），无法复核；采信报告得分。"),
    (row(None, "30份"), "年度指标值为空，无法复核；采信报告得分。"),
    (row(">=30份", ""), "实际完成值为空，无法复核；采信报告得分。"),
    (row(">=30份", "达成"), "实际完成值“达成”不是数量，无法与年度指标值“>=30份”比较；采信报告得分。"),
    (row(">=0次", "-1次"), "指标值为 0 或负数（或反向指标的完成值为 0），计分公式无法计算；采信报告得分。"),
    (row(">=30份", None, score=None), "实际完成值为空，无法复核；报告得分为空，总分中按 0 计。"),
    (row("=30矿次", "30份", "5", "10"), "年度指标值“=30矿次”与实际完成值“30份”的单位不可比（矿次 与 份），无法复核；报告得分 10 超出 0–5，取 5.00。"),
]


@pytest.mark.parametrize(("ind", "note"), KEPT)
def test_reported_score_kept_with_reason(ind: Indicator, note: str) -> None:
    result = score_indicator(0, ind, load_profile("national"))
    assert result.recomputed is False
    assert result.note == note
    capped = ind.score is not None and ind.score > ind.weight
    assert result.method == (CAPPED_METHOD if capped else KEPT_METHOD)


def test_unparsed_target_quotes_the_text() -> None:
    result = score_indicator(0, row("约3到5个", "4个"), load_profile("national"))
    assert result.method == KEPT_METHOD
    assert result.note.startswith("年度指标值无法识别（无法识别“约3到5个”")


NOTES = [
    (row(">=10次", "13次"), "完成值为指标值的 130.00%，达到 130% 及以上，应说明目标是否设置偏低（仅提示，不影响得分）。"),
    (row(">=10次", "12.99次"), ""),
    (row(">=12次", "9次"), "实际完成值“9次”未满足年度指标值“>=12次”。"),
    (row("100%", "100%"), "年度指标值未写比较符号，按“=”处理。"),
    (row("<=10万元", "10万云", level2="成本指标"), "实际完成值的单位“万云”按“万元”理解。"),
    (row(">=266米", "≥266米"), "实际完成值“≥266米”带比较符号，疑为照抄指标值，按其中的数值复核。"),
    (row("提升", "95%", "15", "15"), "实际完成值“95%”对应达成档 80%–100%。"),
    (row("提升", "95%", "15", "11"), "实际完成值“95%”对应达成档 80%–100%，即 12（含）至 15（含） 分；报告得分 11 不在其中。"),
]


@pytest.mark.parametrize(("ind", "note"), NOTES)
def test_notes_explain_the_reading(ind: Indicator, note: str) -> None:
    assert score_indicator(0, ind, load_profile("national")).note == note
