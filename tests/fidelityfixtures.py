"""Tables shaped like the cases of issue 12, as YAML records the tests write (no file is read).

- `chizhou`: a real county table's shape (Anhui, 2022): level-1 labels printed with their
  weights (产出指标(50分)), a total funds row 0/0/0 above the fiscal row that holds the money,
  bare actuals under targets with units (≥50个 / 50, ≤90万元 / 90, ≥100百分比 / 100), and the
  qualitative wording 达成预期指标.
- `blanks`: 主管部门, 实施单位, one 分值, the 执行率 and the 总分 printed blank; a row with neither
  target nor actual scored full; an 实际完成情况 copied from the 预期目标.
- `no_budget_column`: a layout printing 年初预算数 and 全年执行数 but no 全年预算数.
- `correct`: a correct table using 元 against 万元, 百分比, 否/否 and 已完成: no finding at all.
- `sichuan`: the Sichuan layout's weights (产出 60, 效益 30, funds 10) under profile `sichuan`.
"""

from __future__ import annotations

from pathlib import Path

CHIZHOU = """schema_version: 1
id: 2022-chizhou-entrusted
year: 2022
title: 委托业务项目
department: 219-池州市贵池区棠溪镇人民政府
implementer: 219001-池州市贵池区棠溪镇人民政府
amount_unit: 万元
funds:
  weight: 10
  total: {initial: 0, budget: 0, executed: 0}
  fiscal: {initial: 90, budget: 89.974, executed: 89.974}
  carryover: {initial: null, budget: null, executed: null}
  other: {initial: null, budget: null, executed: null}
  reported: {rate: "0.00%", score: 0}
goals:
  planned: 本项目共申请预算资金90万元，用于基建工程项目预算编制、审计和设计、规划、测绘。
  achieved: 本项目共完成预算资金89.97万元。
indicators:
  - {level1: 产出指标(50分), level2: 数量指标, name: 基建工程委托业务项目数量, target: ≥50个, actual: "50", weight: 8, score: 8, deviation: ""}
  - {level1: 产出指标(50分), level2: 质量指标, name: 委托业务报告合格率, target: ≥100百分比, actual: "100", weight: 8, score: 8, deviation: ""}
  - {level1: 产出指标(50分), level2: 质量指标, name: 经费支出合规性, target: 严格执行相关制度规定, actual: 达成预期指标, weight: 8, score: 8, deviation: ""}
  - {level1: 产出指标(50分), level2: 时效指标, name: 提交报告及时性, target: 在项目计划完成时间内完成, actual: 达成预期指标, weight: 8, score: 8, deviation: ""}
  - {level1: 产出指标(50分), level2: 成本指标, name: 项目总成本, target: ≤90万元, actual: "90", weight: 8, score: 8, deviation: ""}
  - {level1: 产出指标(50分), level2: 成本指标, name: 单项业务成本, target: 符合相关规定, actual: 达成预期指标, weight: 10, score: 10, deviation: ""}
  - {level1: 效益指标(30分), level2: 社会效益指标, name: 对维护基建市场公平的影响程度, target: 效果明显, actual: 达成预期指标, weight: 10, score: 10, deviation: ""}
  - {level1: 效益指标(30分), level2: 生态效益指标, name: 对控制基建项目成本影响程度, target: 效果明显, actual: 达成预期指标, weight: 10, score: 10, deviation: ""}
  - {level1: 效益指标(30分), level2: 可持续影响指标, name: 对推动基建项目“四项制度”健全和落实的持续性影响, target: 效果明显, actual: 达成预期指标, weight: 10, score: 10, deviation: ""}
  - {level1: 满意度指标(10分), level2: 满意度指标, name: 公众满意度, target: ≥90%, actual: 95%, weight: 10, score: 10, deviation: ""}
total: {weight: 100, score: 90.00, grade: null}
notes: ""
source: {document: 2022年度项目支出绩效自评表, file: null, sha256: null, url: "https://example.gov.cn/chizhou.xls"}
"""

_BASE = """schema_version: 1
id: {id}
year: 2022
title: 测试项目运维经费
department: {department}
implementer: {implementer}
amount_unit: 万元
{profile}funds:
  weight: 10
  total: {total}
  fiscal: {fiscal}
  carryover: {{initial: 0, budget: 0, executed: 0}}
  other: {{initial: 0, budget: 0, executed: 0}}
  reported: {{rate: {rate}, score: {funds_score}}}
goals:
  planned: 定期维护监控系统，保障系统全年稳定运行。
  achieved: {achieved}
indicators:
{indicators}
total: {{weight: 100, score: {total_score}, grade: null}}
notes: ""
source: {{document: 2022年度项目支出绩效自评表, file: null, sha256: null, url: "https://example.gov.cn/{id}.pdf"}}
"""

_ROW = ("  - {{level1: {l1}, level2: {l2}, name: {name}, target: \"{target}\", actual: \"{actual}\", "
        "weight: {weight}, score: {score}, deviation: \"\"}}")


def _rows(rows: list[tuple[str, str, str, str, str, str, str]]) -> str:
    return "\n".join(_ROW.format(l1=a, l2=b, name=c, target=d, actual=e, weight=f, score=g)
                     for a, b, c, d, e, f, g in rows)


_FUNDS = {"total": "{initial: 85.00, budget: 85.00, executed: 76.83}",
          "fiscal": "{initial: 85, budget: 85, executed: 76.83}",
          "rate": '"90.39%"', "funds_score": "9.04"}
_HEAD = {"department": "测试主管部门", "implementer": "测试实施单位", "profile": "",
         "achieved": "全年维护 12 次，系统稳定运行。"}

BLANKS = _BASE.format(
    id="2022-blank-cells", **{**_HEAD, "department": '""', "implementer": '""',
                              "achieved": "定期维护监控系统，保障系统全年稳定运行。"},
    **{**_FUNDS, "rate": "null"}, total_score="null",
    indicators=_rows([
        ("产出指标", "数量指标", "系统维护次数", ">=12次", "12次", "30", "30"),
        ("产出指标", "成本指标", "项目支出", "<=85万元", "76.83万元", "null", "20"),
        ("效益指标", "社会效益指标", "监管能力", "", "", "30", "30"),
        ("满意度指标", "服务对象满意度指标", "企业满意度", ">=95%", "96%", "10", "10"),
    ]))

NO_BUDGET_COLUMN = _BASE.format(
    id="2022-no-budget-column", **_HEAD,
    **{**_FUNDS, "total": "{initial: 85.00, budget: null, executed: 76.83}",
       "fiscal": "{initial: 85, budget: null, executed: 76.83}"},
    total_score="99.04",
    indicators=_rows([
        ("产出指标", "数量指标", "系统维护次数", ">=12次", "12次", "30", "30"),
        ("产出指标", "成本指标", "项目支出", "<=85万元", "76.83万元", "20", "20"),
        ("效益指标", "社会效益指标", "监管能力", "提升", "已完成", "30", "30"),
        ("满意度指标", "服务对象满意度指标", "企业满意度", ">=95%", "96%", "10", "10"),
    ])).replace("carryover: {initial: 0, budget: 0, executed: 0}",
                "carryover: {initial: 0, budget: null, executed: 0}").replace(
                "other: {initial: 0, budget: 0, executed: 0}",
                "other: {initial: 0, budget: null, executed: 0}")

CORRECT = _BASE.format(
    id="2022-correct-units", **_HEAD, **_FUNDS, total_score="99.04",
    indicators=_rows([
        ("产出指标（50分）", "数量指标", "系统维护次数", "=12次", "12", "20", "20"),
        ("产出指标（50分）", "质量指标", "系统稳定率", ">=95百分比", "98%", "10", "10"),
        ("产出指标（50分）", "成本指标", "项目支出", "<=85万元", "768300元", "20", "20"),
        ("效益指标（30分）", "社会效益指标", "是否发生安全事故", "否", "否", "15", "15"),
        ("效益指标（30分）", "可持续影响指标", "监管能力", "提升", "已完成", "15", "15"),
        ("满意度指标（10分）", "服务对象满意度指标", "企业满意度", ">=95%", "96", "10", "10"),
    ]))

SICHUAN = _BASE.format(
    id="2022-sichuan-shape", **{**_HEAD, "profile": "profile: sichuan\n"}, **_FUNDS,
    total_score="99.04",
    indicators=_rows([
        ("产出指标", "数量指标", "发放覆盖率", "=100%", "100%", "60", "60"),
        ("效益指标", "社会效益指标", "足额保障率", "=100%", "100%", "30", "30"),
    ]))

FIXTURES = {"2022-chizhou-entrusted": CHIZHOU, "2022-blank-cells": BLANKS,
            "2022-no-budget-column": NO_BUDGET_COLUMN, "2022-correct-units": CORRECT,
            "2022-sichuan-shape": SICHUAN}
"""Record id → YAML text."""


def write_fixtures(content: Path) -> dict[str, Path]:
    """Write every fixture under `content/records/2022/` (and a site.yaml); return id → path."""
    folder = content / "records" / "2022"
    folder.mkdir(parents=True, exist_ok=True)
    if not (content / "site.yaml").exists():
        (content / "site.yaml").write_text("title: 测试\n", encoding="utf-8")
    paths = {}
    for record_id, text in FIXTURES.items():
        paths[record_id] = folder / f"{record_id}.yaml"
        paths[record_id].write_text(text, encoding="utf-8")
    return paths
