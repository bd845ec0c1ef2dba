"""Indicator rules (年度绩效指标): level names, readable cells, units, names and blank scores."""

from __future__ import annotations

from collections.abc import Iterator

from generator.model.diagnostics import Severity
from generator.model.levels import LEVELS, level1_of, level2_of, parent_of
from generator.model.record import Indicator, Record
from generator.model.values import Kind, Value, parse_cell, same_dimension
from generator.rules.base import Context, Hit, Rule

_CELLS = (("target", "年度指标值"), ("actual", "实际完成值"))


def _rows(rec: Record) -> Iterator[tuple[str, Indicator]]:
    for i, ind in enumerate(rec.indicators):
        yield f"indicators[{i}]", ind


def level1_known(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The 一级指标 is one of the template's: 产出指标, 效益指标, 满意度指标.

    Spelling variants are accepted silently: spaces, numbering and a missing 指标 ("效益").

    Passes: `level1: 产出指标`, `level1: 效益`, `level1: 满意度指标`.
    Fails: `level1: 管理指标`.
    """
    for base, ind in _rows(rec):
        if level1_of(ind.level1) is None:
            yield Hit(f"{base}.level1", f"一级指标“{ind.level1}”不是模板中的名称。",
                      "一级指标应为：" + "、".join(LEVELS) + "。", expected="、".join(LEVELS),
                      actual=ind.level1)


def level2_known(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The 二级指标 is one of the template's (数量指标, 质量指标, … 服务对象满意度指标).

    Variants are accepted silently: "经济效益" for 经济效益指标, "满意度指标" or
    "社会公众或服务对象满意度指标" for 服务对象满意度指标, the 2021 split of 成本指标.

    Passes: `level2: 数量指标`, `level2: 经济效益`, `level2: 满意度指标`.
    Fails: `level2: 数量质量指标`.
    """
    for base, ind in _rows(rec):
        if level2_of(ind.level2) is None:
            yield Hit(f"{base}.level2", f"二级指标“{ind.level2}”不是模板中的名称。",
                      "二级指标应为：" + "；".join(f"{k}：{'、'.join(v)}" for k, v in LEVELS.items()) + "。",
                      actual=ind.level2)


def level2_under_level1(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The 二级指标 belongs to its 一级指标 (成本指标 under 产出指标, 社会效益指标 under 效益指标 …).

    Passes: `level1: 效益指标` with `level2: 社会效益指标`.
    Fails: `level1: 产出指标` with `level2: 社会效益指标`.
    """
    for base, ind in _rows(rec):
        level1, level2 = level1_of(ind.level1), level2_of(ind.level2)
        if level1 is None or level2 is None or parent_of(level2) == level1:
            continue
        yield Hit(f"{base}.level2", f"二级指标“{ind.level2}”属于“{parent_of(level2)}”，"
                  f"却列在一级指标“{ind.level1}”下。", "请核对原表该行的一级指标。",
                  expected=parent_of(level2), actual=ind.level1)


def cells_readable(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The 年度指标值 and 实际完成值 can be read: comparator, number and unit, a period, or wording.

    An unreadable cell is kept as printed; its score is then taken as reported, not recomputed.

    Passes: `target: ">=95%"`, `target: 2021年1月-12月`, `target: 提升`, `actual: 76.83万元`.
    Fails: `target: 约3到5个`, `actual: 12次左右2`.
    """
    for base, ind in _rows(rec):
        for key, label in _CELLS:
            value = parse_cell(getattr(ind, key))
            if value.kind is Kind.UNPARSED:
                yield Hit(f"{base}.{key}", f"指标“{ind.name}”的{label}：{value.problem}",
                          "本站将采信原表得分、不予复核；如能，请按“比较符+数字+单位”录入。",
                          actual=value.text)


def units_consistent(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The 实际完成值 is in a unit comparable with the 年度指标值's (万元 and 元 compare).

    Passes: `target: "<=85万元"` with `actual: 76.83万元`; `target: 提升` with `actual: 100%`.
    Fails: `target: "=30矿次"` with `actual: 30份`.
    """
    for base, ind in _rows(rec):
        target, actual = parse_cell(ind.target), parse_cell(ind.actual)
        if not _both_with_units(target, actual) or same_dimension(target, actual):
            continue
        yield Hit(f"{base}.actual", f"指标“{ind.name}”的年度指标值“{target.text}”以“{target.unit}”计，"
                  f"实际完成值“{actual.text}”却以“{actual.unit}”计，无法比较。",
                  "请核对原表：完成值应与指标值使用同一计量单位。",
                  expected=target.unit, actual=actual.unit)


def _both_with_units(a: Value, b: Value) -> bool:
    return (a.kind is Kind.QUANTITY and b.kind is Kind.QUANTITY
            and a.unit is not None and b.unit is not None)


def unit_spelling(rec: Record, ctx: Context) -> Iterator[Hit]:
    """Units are spelled correctly (万云 for 万元 is a known typing mistake).

    The cell is kept as printed and read with the intended unit.

    Passes: `actual: 10万元`.
    Fails: `actual: 10万云`.
    """
    for base, ind in _rows(rec):
        for key, label in _CELLS:
            value = parse_cell(getattr(ind, key))
            if value.unit_typo:
                yield Hit(f"{base}.{key}", f"指标“{ind.name}”的{label}“{value.text}”中，单位"
                          f"“{value.unit_printed}”应为“{value.unit}”。",
                          "原表笔误；本站按正确单位复核，展示时保留原文。",
                          expected=value.unit, actual=value.unit_printed)


def name_not_a_value(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The 三级指标 is a name, not a value such as a period or an amount.

    Passes: `name: 各项工作开展时间` with `target: 2021年1月-12月`.
    Fails: `name: 2021年1月-12月` (the period was typed into the name column).
    """
    for base, ind in _rows(rec):
        value = parse_cell(ind.name)
        if value.kind in (Kind.PERIOD, Kind.QUANTITY):
            kind = "时间段" if value.kind is Kind.PERIOD else "数值"
            yield Hit(f"{base}.name", f"三级指标名称“{ind.name}”是一个{kind}，不像指标名称。",
                      "请核对原表：指标名称可能错填成了指标值（如“各项工作开展时间”）。",
                      actual=ind.name)


def score_present(rec: Record, ctx: Context) -> Iterator[Hit]:
    """Every indicator's 得分 cell is filled in.

    Passes: `score: 5`.
    Fails: `score: null` (the cell was left blank; the total then counts it as 0).
    """
    for base, ind in _rows(rec):
        if ind.score is None:
            yield Hit(f"{base}.score", f"指标“{ind.name}”的得分未填写。",
                      "原表如此则保留 null，本站照原样公开并另行复核；如系录入遗漏，请按原表补录。", actual="空白")


def score_verifiable(rec: Record, ctx: Context) -> Iterator[Hit]:
    """A row scored above 0 prints a 年度指标值 or a 实际完成值, so the score can be checked.

    With neither, nothing supports the marks: the score is published as printed, counted in
    the recomputed total as printed, and marked “无法核实”.

    Passes: `target: ">=12次"`, `actual: 12次`, `score: 10`; or both blank with `score: 0`.
    Fails: `target: ""`, `actual: null`, `weight: 10`, `score: 10`.
    """
    for base, ind in _rows(rec):
        target, actual = parse_cell(ind.target), parse_cell(ind.actual)
        if target.kind is Kind.BLANK and actual.kind is Kind.BLANK and (ind.score or 0) > 0:
            yield Hit(f"{base}.score", f"指标“{ind.name}”既无年度指标值也无实际完成值，"
                      f"得分 {ind.score:f} 无法核实。",
                      "原表如此则照原样公开并标注“无法核实”；如系录入遗漏，请按原表补录指标值和完成值。",
                      expected="可核实的指标值与完成值", actual=f"{ind.score:f}")


RULES = (
    Rule("I101", Severity.WARNING, "一级指标名称可识别", level1_known),
    Rule("I102", Severity.WARNING, "二级指标名称可识别", level2_known),
    Rule("I103", Severity.WARNING, "二级指标属于其一级指标", level2_under_level1),
    Rule("I104", Severity.INFO, "指标值与完成值可识别", cells_readable),
    Rule("I105", Severity.WARNING, "指标值与完成值单位一致", units_consistent),
    Rule("I106", Severity.WARNING, "单位书写正确", unit_spelling),
    Rule("I111", Severity.WARNING, "三级指标名称不是数值", name_not_a_value),
    Rule("I112", Severity.WARNING, "指标得分已填写", score_present),
    Rule("I113", Severity.WARNING, "有得分的指标有指标值或完成值", score_verifiable),
)
