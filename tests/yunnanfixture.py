"""Two Yunnan-layout tables (指标性质 / 指标值 / 度量单位 columns, amounts in 元) and their records."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from tests.importfixtures import Grid

_HEADER = ["绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位",
           "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]


def _top(title: str, implementer: str) -> Grid:
    return [
        ["项目支出绩效自评表", *"<" * 10],
        ["（2022年度）", *"<" * 10],
        ["项目名称", title, *"<" * 9],
        ["主管部门", "某县交通运输局", "<", "<", "<", "实施单位", implementer, *"<" * 4],
        ["项目资金（元）", "", "<", "年初预算数", "<", "全年预算数", "<", "全年执行数", "分值",
         "执行率", "得分"],
    ]


def _funds(row: str, amounts: tuple[str, str, str], tail: list[str]) -> list[str]:
    return ["^", row, "<", amounts[0], "<", amounts[1], "<", amounts[2], *tail]


YUNNAN_A: Grid = [
    *_top("乡村道路养护", "某县公路养护站"),
    _funds("年度资金总额", ("1,200,000.00", "1,200,000.00", "1,080,000.00"), ["10", "90.00%", "9"]),
    _funds("其中：当年财政拨款", ("1,200,000.00", "1,200,000.00", "1,080,000.00"), ["—"] * 3),
    _funds("上年结转资金", ("0", "0", "0"), ["—"] * 3),
    _funds("其他资金", ("0", "0", "0"), ["—"] * 3),
    ["年度总体目标", "预期目标", *"<" * 4, "实际完成情况", *"<" * 4],
    ["^", "完成全县120公里乡村道路日常养护。", *"<" * 4, "完成118公里乡村道路日常养护。", *"<" * 4],
    _HEADER,
    ["^", "产出指标", "数量指标", "养护里程", "≥", "120", "公里", "118", "20", "19.67", "两段道路因汛期推迟养护"],
    ["^", "^", "^", "指标2", "", "", "", "", "", "", ""],
    ["^", "^", "质量指标", "路面完好率", "≥", "90", "%", "92", "20", "20", ""],
    ["^", "^", "时效指标", "完成时间", "≤", "12", "月", "12", "10", "10", ""],
    ["^", "^", "成本指标", "养护成本", "≤", "1200000", "元", "1080000", "10", "10", ""],
    ["^", "效益指标", "社会效益指标", "群众出行条件", "定性", "改善", "", "改善", "20", "20", ""],
    ["^", "^", "……", "", "", "", "", "", "", "", ""],
    ["^", "满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", "95", "10", "10", ""],
    ["总分", *"<" * 7, "100", "98.67", "优"],
    ["注：本表金额单位为元。", *"<" * 10],
]
"""A table with merged cells, blank template rows (指标2, ……), a grade and a note."""

YUNNAN_B: Grid = [
    *_top("村级公路安全隐患整治", "某县交通运输局"),
    _funds("年度资金总额", ("500000", "500000", "500000"), ["10", "100.00%", "10"]),
    _funds("其中：当年财政拨款", ("500000", "500000", "500000"), ["—"] * 3),
    _funds("上年结转资金", ("0", "0", "0"), ["—"] * 3),
    _funds("其他资金", ("0", "0", "0"), ["—"] * 3),
    ["年度总体目标", "预期目标", *"<" * 4, "实际完成情况", *"<" * 4],
    ["^", "整治安全隐患点30处。", *"<" * 4, "整治安全隐患点30处。", *"<" * 4],
    _HEADER,
    ["^", "产出指标", "数量指标", "隐患整治点数", "=", "30", "处", "30", "90", "90", ""],
    ["总分", *"<" * 7, "100", "100", ""],
]


def _m(op: str | None, value: str, unit: str) -> dict[str, Any]:
    return {"op": op, "value": D(value), "unit": unit}


def _i(level1: str, level2: str, name: str, target: Any, actual: Any, weight: str, score: str,
       deviation: str = "") -> dict[str, Any]:
    return {"level1": level1, "level2": level2, "name": name, "target": target, "actual": actual,
            "weight": D(weight), "score": D(score), "deviation": deviation}


def _row(initial: str, budget: str, executed: str) -> dict[str, D]:
    return {"initial": D(initial), "budget": D(budget), "executed": D(executed)}


def expected_a(source: dict[str, Any]) -> dict[str, Any]:
    """Return the record YUNNAN_A imports into."""
    return {
        "schema_version": 1, "id": "2022-p-4b47de95", "year": 2022, "title": "乡村道路养护",
        "department": "某县交通运输局", "implementer": "某县公路养护站", "amount_unit": "元",
        "funds": {"weight": D("10"),
                  "total": _row("1200000.00", "1200000.00", "1080000.00"),
                  "fiscal": _row("1200000.00", "1200000.00", "1080000.00"),
                  "carryover": _row("0", "0", "0"), "other": _row("0", "0", "0"),
                  "reported": {"rate": "90.00%", "score": D("9")}},
        "goals": {"planned": "完成全县120公里乡村道路日常养护。", "achieved": "完成118公里乡村道路日常养护。"},
        "indicators": [
            _i("产出指标", "数量指标", "养护里程", _m("≥", "120", "公里"), _m(None, "118", "公里"),
               "20", "19.67", "两段道路因汛期推迟养护"),
            _i("产出指标", "质量指标", "路面完好率", _m("≥", "90", "%"), _m(None, "92", "%"), "20", "20"),
            _i("产出指标", "时效指标", "完成时间", _m("≤", "12", "月"), _m(None, "12", "月"), "10", "10"),
            _i("产出指标", "成本指标", "养护成本", _m("≤", "1200000", "元"), _m(None, "1080000", "元"),
               "10", "10"),
            _i("效益指标", "社会效益指标", "群众出行条件", "改善", "改善", "20", "20"),
            _i("满意度指标", "服务对象满意度指标", "群众满意度", _m("≥", "90", "%"), _m(None, "95", "%"),
               "10", "10"),
        ],
        "total": {"weight": D("100"), "score": D("98.67"), "grade": "优"},
        "notes": "注：本表金额单位为元。",
        "source": source,
    }


def expected_b(source: dict[str, Any]) -> dict[str, Any]:
    """Return the record YUNNAN_B imports into."""
    return {
        "schema_version": 1, "id": "2022-p-99336af2", "year": 2022, "title": "村级公路安全隐患整治",
        "department": "某县交通运输局", "implementer": "某县交通运输局", "amount_unit": "元",
        "funds": {"weight": D("10"), "total": _row("500000", "500000", "500000"),
                  "fiscal": _row("500000", "500000", "500000"),
                  "carryover": _row("0", "0", "0"), "other": _row("0", "0", "0"),
                  "reported": {"rate": "100.00%", "score": D("10")}},
        "goals": {"planned": "整治安全隐患点30处。", "achieved": "整治安全隐患点30处。"},
        "indicators": [_i("产出指标", "数量指标", "隐患整治点数", _m("=", "30", "处"),
                          _m(None, "30", "处"), "90", "90")],
        "total": {"weight": D("100"), "score": D("100"), "grade": None},
        "notes": "",
        "source": source,
    }
