"""`explain [CODE]`: print the documentation of one rule, or the list of all rules."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from generator.report.catalogue import CATALOGUE, lookup


def register(subparsers: Any) -> None:
    """Add the `explain` subcommand."""
    p = subparsers.add_parser("explain", help="说明一条规则（不带代码则列出全部规则）",
                              description="打印一条规则的说明；不带代码时列出全部规则。")
    p.add_argument("code", nargs="?", help="规则代码，例如 F102")
    p.set_defaults(run=run)


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.splitlines())


def explain_text(code: str) -> str | None:
    """Return the documentation of a code, or None when unknown."""
    entry = lookup(code)
    if entry is None:
        return None
    doc = entry.doc
    passes, fails = entry.examples
    if passes or fails:
        doc = f"{doc}\n\n通过：\n{_indent(passes)}不通过：\n{_indent(fails)}"
    return f"{entry.code} {entry.title}\n类别：{entry.topic}\n{entry.meaning}\n\n{doc.rstrip()}\n"


def listing() -> str:
    """Return one line per code: code, severity, topic and title."""
    lines = [f"{e.code}  {e.severity.label}  {e.topic}  {e.title}" for e in CATALOGUE.values()]
    return "\n".join(lines) + "\n\n用 python -m generator explain 代码 查看一条规则的说明。\n"


def run(args: argparse.Namespace) -> int:
    """Print the rule's documentation (or the list); exit 2 for an unknown code."""
    if args.code is None:
        sys.stdout.write(listing())
        return 0
    text = explain_text(args.code)
    if text is None:
        print(f"未知的规则代码：{args.code}。已有代码：{'、'.join(CATALOGUE)}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0
