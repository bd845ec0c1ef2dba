"""The registry of validation rules, by stable code. Codes are never reused.

Loader and schema codes (Y…, S101–S103, S109, S110) are documented in `LOADER_CODES`; the
semantic rules live in one module per topic and are registered here explicitly.
"""

from __future__ import annotations

from generator.model.diagnostics import Severity
from generator.rules import (
    attainment,
    departments,
    funds,
    funds_reason,
    identity,
    indicators,
    narrative,
    recomputation,
    structure,
    totals,
    weights,
)
from generator.rules.base import Rule
from generator.rules.pairs import PAIR_RULES, PairRule

_MODULES = (identity, structure, funds, funds_reason, weights, totals, indicators, attainment,
            narrative, recomputation, departments)

REGISTRY: dict[str, Rule] = {rule.code: rule for module in _MODULES for rule in module.RULES}

LOADER_CODES: dict[str, tuple[Severity, str, str]] = {
    "Y001": (Severity.ERROR, "YAML 语法错误", "文件不是合法的 YAML：引号未闭合、冒号后缺空格、缩进不一致等。报告指向出错的行和列。控制字符（如 NUL、Word 的手动换行）也在此报告。"),
    "Y002": (Severity.ERROR, "重复的键", "同一层级中同一个键出现了两次；YAML 解析器通常静默保留后一个，所以本站拒绝它，以免数字悄悄丢失。"),
    "Y003": (Severity.ERROR, "锚点或别名", "记录中不允许使用 YAML 锚点（&）和别名（*）：它们让同一个数字出现在多处，也可能被用来制造“别名炸弹”。"),
    "Y004": (Severity.ERROR, "YAML 标签", "记录中不允许使用 YAML 标签（如 !!python/object、!!str）；需要文本时请用引号。"),
    "Y005": (Severity.ERROR, "编码不是 UTF-8", "记录文件必须是 UTF-8 编码；GBK 等编码的文件请转换后再提交。"),
    "Y006": (Severity.ERROR, "UTF-8 BOM", "文件以字节顺序标记（BOM）开头；请另存为“UTF-8（无 BOM）”。"),
    "Y007": (Severity.ERROR, "用 Tab 缩进", "YAML 只允许空格缩进；行首的 Tab 会让结构含义不清。"),
    "Y008": (Severity.ERROR, "文件过大", "单个记录文件不得超过 1 MiB。"),
    "Y009": (Severity.ERROR, "顶层不是键值映射", "记录文件的顶层必须是字段名和值（schema_version:、id: …），不能是列表或单个值。"),
    "Y010": (Severity.ERROR, "空文件", "文件中没有任何内容。"),
    "Y011": (Severity.ERROR, "多个 YAML 文档", "一个文件只能包含一条记录（一个 YAML 文档）。"),
    "Y012": (Severity.ERROR, "合并键", "不允许使用 YAML 合并键（<<）。"),
    "Y013": (Severity.ERROR, "嵌套过深", "记录的嵌套层级超过上限，通常是缩进错误。"),
    "Y014": (Severity.ERROR, "无法读取文件", "文件不存在或没有读取权限。"),
    "S101": (Severity.ERROR, "缺少必填字段", "记录格式要求的字段缺失或为空。空白单元格请填 null，而不是删除字段。"),
    "S102": (Severity.ERROR, "类型错误", "字段的值类型不对：例如分值写成了文本 abc、金额带了千分位逗号或单位、用了科学计数法、NaN 或无穷大。"),
    "S103": (Severity.ERROR, "未知字段", "记录中出现了格式中没有的字段（多半是拼写错误）；提示会给出最接近的字段名。"),
    "S109": (Severity.ERROR, "取值超出范围", "字段的值不在允许的范围内，例如金额单位不是“万元”或“元”，年度不在 2000–2100，或金额、分值为负数。"),
    "S110": (Severity.ERROR, "格式不符", "字段的值格式不对，例如 id 含大写字母或中文、sha256 不是 64 位十六进制，或文本含有控制字符。"),
    "S120": (Severity.ERROR, "site.yaml 有误", "站点设置文件 content/site.yaml 无法读取或含未知字段。"),
    "S121": (Severity.ERROR, "未知的评分规则", "记录或 site.yaml 指定的评分规则（profile）不存在。"),
}


def all_codes() -> list[str]:
    """Return every code the validator can emit, sorted."""
    return sorted(set(REGISTRY) | set(LOADER_CODES) | set(PAIR_REGISTRY))


PAIR_REGISTRY: dict[str, PairRule] = {rule.code: rule for rule in PAIR_RULES}
"""Rules over two versions of a record: run by `diff`, documented by `explain`, never by validate."""

