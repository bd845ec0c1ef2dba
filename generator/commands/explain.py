"""`explain CODE`: print the documentation of one rule."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from generator.rules import LOADER_CODES, PAIR_REGISTRY, REGISTRY, all_codes


def register(subparsers: Any) -> None:
    """Add the `explain` subcommand."""
    p = subparsers.add_parser("explain", help="说明一条规则", description="打印一条规则的说明。")
    p.add_argument("code", help="规则代码，例如 F102")
    p.set_defaults(run=run)


def explain_text(code: str) -> str | None:
    """Return the documentation of a rule code, or None when unknown."""
    code = code.upper()
    rule = REGISTRY.get(code) or PAIR_REGISTRY.get(code)
    if rule is not None:
        return f"{rule.code} {rule.title}（{rule.severity.label}）\n\n{rule.doc}\n"
    if code in LOADER_CODES:
        severity, title, doc = LOADER_CODES[code]
        return f"{code} {title}（{severity.label}）\n\n{doc}\n"
    return None


def run(args: argparse.Namespace) -> int:
    """Print the rule's documentation; exit 2 for an unknown code."""
    text = explain_text(args.code)
    if text is None:
        print(f"未知的规则代码：{args.code}。已有代码：{'、'.join(all_codes())}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0
