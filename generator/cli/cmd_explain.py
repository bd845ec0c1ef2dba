"""`explain [CODE]`: print the documentation of one rule, or the list of all rules."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from generator.importers.codes import IMPORT_CODES
from generator.model.diagnostics import Severity
from generator.rules import all_codes, describe

TOPICS = {"Y": "YAML 读取", "S": "记录结构", "F": "项目资金", "W": "分值", "T": "总分与等级",
          "I": "绩效指标", "N": "叙述文字", "C": "复核计分", "M": "导入", "H": "更正与历史"}
"""Topic of each code letter, as grouped in generator/rules/."""

_MEANING = {
    Severity.ERROR: "错误：记录本身有误，修正前不会发布。",
    Severity.WARNING: "警告：原表自身不一致；照原样发布并在旁标注。"
                      "validate --strict 或 site.yaml 的 raise_to_error 可使其视为失败。",
    Severity.INFO: "提示：供核对的信息；照原样发布。",
}


def register(subparsers: Any) -> None:
    """Add the `explain` subcommand."""
    p = subparsers.add_parser("explain", help="说明一条规则（不带代码则列出全部规则）",
                              description="打印一条规则的说明；不带代码时列出全部规则。")
    p.add_argument("code", nargs="?", help="规则代码，例如 F102")
    p.set_defaults(run=run)


def rule_info(code: str) -> tuple[Severity, str, str] | None:
    """Return (severity, title, Chinese documentation with examples) of a code, or None."""
    described = describe(code)
    if described is not None:
        severity, title, summary, passes, fails = described
        return severity, title, f"{summary}\n\n通过：\n{_indent(passes)}不通过：\n{_indent(fails)}"
    if code in IMPORT_CODES:
        title, doc = IMPORT_CODES[code]
        return Severity.ERROR, title, doc
    return None


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.splitlines())


def explain_text(code: str) -> str | None:
    """Return the documentation of a rule code, or None when unknown."""
    code = code.strip().upper()
    info = rule_info(code)
    if info is None:
        return None
    severity, title, doc = info
    return f"{code} {title}\n类别：{TOPICS.get(code[0], '其他')}\n{_MEANING[severity]}\n\n{doc.rstrip()}\n"


def listing() -> str:
    """Return one line per code: code, severity, topic and title."""
    lines = []
    for code in all_codes():
        info = rule_info(code)
        assert info is not None
        severity, title, _ = info
        lines.append(f"{code}  {severity.label}  {TOPICS.get(code[0], '其他')}  {title}")
    return "\n".join(lines) + "\n\n用 python -m generator explain 代码 查看一条规则的说明。\n"


def run(args: argparse.Namespace) -> int:
    """Print the rule's documentation (or the list); exit 2 for an unknown code."""
    if args.code is None:
        sys.stdout.write(listing())
        return 0
    text = explain_text(args.code)
    if text is None:
        print(f"未知的规则代码：{args.code}。已有代码：{'、'.join(all_codes())}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0
