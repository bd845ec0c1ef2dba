"""Where a finding sits, in the words of the printed table, for citizens.

Officers read `indicators[2].score` and line:column (validate, PR summary); the public pages say
"第 3 项绩效指标“…”的得分" instead.
"""

from __future__ import annotations

import re

from generator.model.record import Record

_FIELDS = {
    "score": "得分", "weight": "分值", "target": "年度指标值", "actual": "实际完成值",
    "deviation": "偏差原因分析及改进措施", "name": "三级指标", "level1": "一级指标", "level2": "二级指标",
    "total": "年度资金总额", "fiscal": "其中：当年财政拨款", "carryover": "上年结转资金",
    "other": "其他资金", "initial": "年初预算数", "budget": "全年预算数", "executed": "全年执行数",
    "rate": "执行率", "grade": "评价等级", "planned": "预期目标", "achieved": "实际完成情况",
    "title": "项目名称", "department": "主管部门", "implementer": "实施单位", "notes": "其他需要说明事项",
    "year": "年度", "amount_unit": "金额单位", "source": "来源", "document": "公开文件",
}
_TOP = {"funds": "项目资金", "goals": "年度总体目标", "total": "总分", "source": "来源"}
_INDICATOR = re.compile(r"^indicators\[(\d+)\](?:\.(\w+))?$")


def place(record: Record, pointer: str, message: str = "") -> str:
    """Return the place a pointer names, in the table's own words ("" when it names none).

    An indicator's name is left out when the message already quotes it.
    """
    match = _INDICATOR.match(pointer)
    if match:
        index = int(match.group(1))
        name = record.indicators[index].name if index < len(record.indicators) else ""
        shown = name and f"“{name}”" not in message
        where = f"第 {index + 1} 项绩效指标" + (f"“{name}”" if shown else "")
        field = _FIELDS.get(match.group(2) or "", "")
        return where + (f"的{field}" if field else "")
    parts = [p for p in pointer.split(".") if p]
    if not parts or "[" in pointer:
        return ""
    words = [_TOP.get(parts[0]) or _FIELDS.get(parts[0], "")]
    words += [_FIELDS.get(p, "") for p in parts[1:] if p != "reported"]
    if parts[0] == "total" and len(parts) > 1:
        words[0] = "总分行"
    words = [w for w in words if w]
    return "的".join(("·".join(words[:-1]), words[-1])) if len(words) > 1 else "".join(words)
