"""`validate`: check records and report diagnostics."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from generator.cli.options import add_paths_argument, content_root, load_paths, report_missing
from generator.model.diagnostics import Severity
from generator.read.siteconfig import load_site
from generator.report.writers import WRITERS
from generator.rules.check import check


def register(subparsers: Any) -> None:
    """Add the `validate` subcommand."""
    p = subparsers.add_parser("validate", help="校验记录，报告错误和发现的问题",
                              description="校验记录文件；退出码 0 无错误，1 有错误（--strict 时警告也算），2 用法错误。")
    add_paths_argument(p)
    p.add_argument("--format", choices=sorted(WRITERS), default="text", help="输出格式")
    p.add_argument("--strict", action="store_true", help="警告也视为失败")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate and print; return 1 when errors (or, with --strict, warnings) were found."""
    if report_missing(args.paths):
        return 2
    site, site_problems = load_site(content_root(args.paths))
    checked = check(load_paths(args.paths), site)
    diagnostics = sorted([*site_problems, *checked.diagnostics], key=lambda d: d.sort_key())
    WRITERS[args.format](sys.stdout, diagnostics, checked.files, len(checked.records))
    failing = {Severity.ERROR, Severity.WARNING} if args.strict else {Severity.ERROR}
    return 1 if any(d.severity in failing for d in diagnostics) else 0
