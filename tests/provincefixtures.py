"""Provincial layouts as printed (Sichuan, 衔接资金, a 得分计算方法 column) and their records."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from tests.importfixtures import Grid

_DASHES = ["—", "—", "—"]

SICHUAN: Grid = [
    ["部门预算项目支出绩效自评表", *"<" * 10],
    ["（2022年度）", *"<" * 10],
    ["项目名称", "农村公路日常养护", *"<" * 9],
    ["主管部门", "某县交通运输局", "<", "<", "<", "实施单位", "某县公路事务中心", *"<" * 4],
    ["项目资金（万元）", "", "<", "年初预算数", "<", "调整后预算数", "<", "执行数", "分值", "执行率",
     "得分"],
    ["^", "年度资金总额", "<", "150.00", "<", "160.00", "<", "152.00", "10", "95.00%", "9.5"],
    ["^", "财政资金", "<", "100", "<", "110", "<", "105", *_DASHES],
    ["^", "财政专户管理资金", "<", "20", "<", "20", "<", "18", *_DASHES],
    ["^", "单位资金", "<", "20", "<", "20", "<", "19", *_DASHES],
    ["^", "其他资金", "<", "10", "<", "10", "<", "10", *_DASHES],
    ["年度总体目标", "预期目标", *"<" * 4, "实际完成情况", *"<" * 4],
    ["^", "完成200公里农村公路日常养护。", *"<" * 4, "完成198公里农村公路日常养护。", *"<" * 4],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重",
     "得分", "未完成原因分析"],
    ["^", "产出指标(50分)", "数量指标", "养护里程", "≥", "200", "公里", "198", "20", "19.8",
     "两段道路因汛期顺延"],
    ["^", "^", "质量指标", "路面优良率", "≥", "85", "%", "88", "15", "15", ""],
    ["^", "^", "时效指标", "完成时间", "≤", "12", "月", "12", "15", "15", ""],
    ["^", "^", "^", "指标2：", "", "", "", "", "", "", ""],
    ["^", "效益指标（30分）", "社会效益指标", "群众出行条件", "定性", "改善", "", "改善", "30", "30", ""],
    ["^", "满意度指标(10分)", "服务对象满意度指标", "沿线群众满意度", "≥", "90", "%", "93", "10", "10",
     ""],
    ["总分", *"<" * 7, "100", "99.3", "优"],
    ["评价结论", "项目总体完成年度目标，自评等级为优。", *"<" * 9],
    ["存在问题", "汛期影响部分路段养护进度。", *"<" * 9],
    ["改进措施", "合理安排汛期前后的养护计划。", *"<" * 9],
]
"""Sichuan: funds in 财政资金 / 财政专户管理资金 / 单位资金 / 其他资金 with 调整后预算数 / 执行数,
indicators with 指标性质 / 指标值 / 度量单位 / 完成值 / 权重 / 未完成原因分析, levels printed with their
weight, a template row 指标2：, and 评价结论 / 存在问题 / 改进措施 texts."""

XIANJIE: Grid = [
    ["衔接资金绩效目标自评表", *"<" * 7],
    ["（2022年度）", *"<" * 7],
    ["项目名称", "脱贫村产业路建设", *"<" * 6],
    ["主管部门", "某县乡村振兴局", "<", "<", "实施单位", "某镇人民政府", "<", "<"],
    ["项目资金（万元）", "", "<", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分"],
    ["^", "年度资金总额", "<", "80", "76", "10", "95.00%", "9.5"],
    ["^", "其中：财政拨款", "<", "80", "76", *_DASHES],
    ["^", "上年结转资金", "<", "0", "0", *_DASHES],
    ["^", "其他资金", "<", "0", "0", *_DASHES],
    ["年度总体目标", "预期目标", "<", "<", "实际完成情况", "<", "<", "<"],
    ["^", "新建脱贫村产业路5公里。", "<", "<", "新建脱贫村产业路5公里。", "<", "<", "<"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值", "得分"],
    ["^", "产出指标", "数量指标", "新建产业路", "40", "≥5公里", "5公里", "40"],
    ["^", "^", "成本指标", "资金执行率", "10", "100%", "95%", "9.5"],
    ["^", "效益指标", "经济效益指标", "带动脱贫户增收", "30", "≥100户", "100户", "30"],
    ["^", "满意度指标", "服务对象满意度指标", "受益群众满意度", "10", "≥90%", "95%", "10"],
    ["总分", *"<" * 3, "100", "", "", "99"],
]
"""衔接资金绩效目标自评表: no 年初预算数, 分值 before the values, 全年实际值, no deviation column,
column letters in the funds header, and a 资金执行率 row among the indicators."""

METHOD: Grid = [
    ["项目支出绩效自评表", *"<" * 9],
    ["（2022年度）", *"<" * 9],
    ["项目名称", "公共图书馆免费开放", *"<" * 8],
    ["主管部门", "某市文化广电旅游局", "<", "<", "实施单位", "某市图书馆", *"<" * 4],
    ["项目资金（万元）", "", "<", "年初预算数", "全年执行数", "<", "分值", "执行率", "得分", "<"],
    ["^", "年度资金总额", "<", "50", "48", "<", "10", "96.00%", "9.6", "<"],
    ["^", "其中：当年财政拨款", "<", "50", "48", "<", *_DASHES, "<"],
    ["^", "上年结转资金", "<", "0", "0", "<", *_DASHES, "<"],
    ["^", "其他资金", "<", "0", "0", "<", *_DASHES, "<"],
    ["年度总体目标", "预期目标", *"<" * 3, "实际完成情况", *"<" * 4],
    ["^", "全年免费开放不少于300天。", *"<" * 3, "全年免费开放306天。", *"<" * 4],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
     "得分计算方法", "偏差原因分析及改进措施"],
    ["^", "产出指标", "数量指标", "开放天数", "≥300天", "306天", "50", "50", "达到目标值得满分", ""],
    ["^", "^", "^", "指标2", "", "", "", "", "完成得满分，否则按比例得分", ""],
    ["^", "效益指标", "社会效益指标", "读者到馆人次", "≥10万人次", "9.5万人次", "30", "28.5",
     "按完成比例计分", "疫情影响到馆人数"],
    ["^", "满意度指标", "服务对象满意度指标", "读者满意度", "≥90%", "96%", "10", "10",
     "达到目标值得满分", ""],
    ["总分", *"<" * 5, "100", "98.1", "", ""],
]
"""A table with a 得分计算方法 column (also filled on its template row) and no 全年预算数."""


def _row(initial: str | None, budget: str | None, executed: str) -> dict[str, D | None]:
    return {"initial": None if initial is None else D(initial),
            "budget": None if budget is None else D(budget), "executed": D(executed)}


def _m(op: str | None, value: str, unit: str) -> dict[str, Any]:
    return {"op": op, "value": D(value), "unit": unit}


def _i(level1: str, level2: str, name: str, target: Any, actual: Any, weight: str, score: str,
       deviation: str | None = "", **more: str) -> dict[str, Any]:
    item = {"level1": level1, "level2": level2, "name": name, "target": target, "actual": actual,
            "weight": D(weight), "score": D(score), "deviation": deviation, **more}
    return {k: v for k, v in item.items() if k != "deviation" or v is not None}


def _head(title: str, department: str, implementer: str) -> dict[str, Any]:
    return {"year": 2022, "title": title, "department": department, "implementer": implementer,
            "amount_unit": "万元"}


def expected_sichuan(source: dict[str, Any]) -> dict[str, Any]:
    """Return the record SICHUAN imports into (schema 2: more rows, labels, evaluation)."""
    return {
        "schema_version": 2, "id": "",
        **_head("农村公路日常养护", "某县交通运输局", "某县公路事务中心"),
        "funds": {"weight": D("10"), "total": _row("150.00", "160.00", "152.00"),
                  "fiscal": _row("100", "110", "105"),
                  "carryover": {"initial": None, "budget": None, "executed": None},
                  "other": _row("10", "10", "10"),
                  "reported": {"rate": "95.00%", "score": D("9.5")},
                  "more": [{"label": "财政专户管理资金", **_row("20", "20", "18")},
                           {"label": "单位资金", **_row("20", "20", "19")}],
                  "labels": {"fiscal": "财政资金", "carryover": None, "budget": "调整后预算数",
                             "executed": "执行数"}},
        "goals": {"planned": "完成200公里农村公路日常养护。", "achieved": "完成198公里农村公路日常养护。"},
        "indicators": [
            _i("产出指标(50分)", "数量指标", "养护里程", _m("≥", "200", "公里"), _m(None, "198", "公里"),
               "20", "19.8", "两段道路因汛期顺延"),
            _i("产出指标(50分)", "质量指标", "路面优良率", _m("≥", "85", "%"), _m(None, "88", "%"), "15",
               "15"),
            _i("产出指标(50分)", "时效指标", "完成时间", _m("≤", "12", "月"), _m(None, "12", "月"), "15",
               "15"),
            _i("效益指标（30分）", "社会效益指标", "群众出行条件", "改善", "改善", "30", "30"),
            _i("满意度指标(10分)", "服务对象满意度指标", "沿线群众满意度", _m("≥", "90", "%"),
               _m(None, "93", "%"), "10", "10"),
        ],
        "total": {"weight": D("100"), "score": D("99.3"), "grade": "优"},
        "notes": "",
        "evaluation": {"conclusion": "项目总体完成年度目标，自评等级为优。",
                       "problems": "汛期影响部分路段养护进度。", "measures": "合理安排汛期前后的养护计划。"},
        "source": source,
    }


def expected_xianjie(source: dict[str, Any]) -> dict[str, Any]:
    """Return the record XIANJIE imports into (schema 2: 年初预算数 not printed)."""
    zero = _row(None, "0", "0")
    return {
        "schema_version": 2, "id": "", **_head("脱贫村产业路建设", "某县乡村振兴局", "某镇人民政府"),
        "funds": {"weight": D("10"), "total": _row(None, "80", "76"), "fiscal": _row(None, "80", "76"),
                  "carryover": zero, "other": zero,
                  "reported": {"rate": "95.00%", "score": D("9.5")},
                  "labels": {"initial": None}},
        "goals": {"planned": "新建脱贫村产业路5公里。", "achieved": "新建脱贫村产业路5公里。"},
        "indicators": [
            _i("产出指标", "数量指标", "新建产业路", "≥5公里", "5公里", "40", "40", None),
            _i("产出指标", "成本指标", "资金执行率", "100%", "95%", "10", "9.5", None),
            _i("效益指标", "经济效益指标", "带动脱贫户增收", "≥100户", "100户", "30", "30", None),
            _i("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "95%", "10", "10", None),
        ],
        "total": {"weight": D("100"), "score": D("99"), "grade": None},
        "notes": "",
        "source": source,
    }


def expected_method(source: dict[str, Any]) -> dict[str, Any]:
    """Return the record METHOD imports into (schema 2: method, 全年预算数 not printed)."""
    zero = _row("0", None, "0")
    return {
        "schema_version": 2, "id": "", **_head("公共图书馆免费开放", "某市文化广电旅游局", "某市图书馆"),
        "funds": {"weight": D("10"), "total": _row("50", None, "48"), "fiscal": _row("50", None, "48"),
                  "carryover": zero, "other": zero,
                  "reported": {"rate": "96.00%", "score": D("9.6")},
                  "labels": {"budget": None}},
        "goals": {"planned": "全年免费开放不少于300天。", "achieved": "全年免费开放306天。"},
        "indicators": [
            _i("产出指标", "数量指标", "开放天数", "≥300天", "306天", "50", "50", method="达到目标值得满分"),
            _i("效益指标", "社会效益指标", "读者到馆人次", "≥10万人次", "9.5万人次", "30", "28.5",
               "疫情影响到馆人数", method="按完成比例计分"),
            _i("满意度指标", "服务对象满意度指标", "读者满意度", "≥90%", "96%", "10", "10",
               method="达到目标值得满分"),
        ],
        "total": {"weight": D("100"), "score": D("98.1"), "grade": None},
        "notes": "",
        "source": source,
    }
