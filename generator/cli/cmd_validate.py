"""`validate`: check records and report diagnostics."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.cli.options import (
    add_paths_argument,
    add_quiet_argument,
    content_root,
    load_paths,
    report_missing,
)
from generator.ledger.changedfiles import ChangedUnknown, changed_since
from generator.model.diagnostics import Diagnostic, Severity
from generator.read.siteconfig import load_site
from generator.report.progress import progress
from generator.report.writers import WRITERS
from generator.rules.check import check, checked_here


def register(subparsers: Any) -> None:
    """Add the `validate` subcommand."""
    p = subparsers.add_parser("validate", help="校验记录，报告错误和发现的问题",
                              description="校验记录文件；退出码 0 无错误，1 有错误（--strict 时警告也算），2 用法错误。")
    add_paths_argument(p)
    p.add_argument("--format", choices=sorted(WRITERS), default="text", help="输出格式")
    p.add_argument("--strict", action="store_true", help="警告也视为失败")
    add_quiet_argument(p)
    p.add_argument("--changed-since", metavar="BASE", default=None,
                   help="只逐条列出自 BASE（如 origin/main）以来改动过的文件中的发现；错误总是列出，"
                        "其余只计数（拉取请求检查用；json 格式仍列出全部）")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate and print; return 1 when errors (or, with --strict, warnings) were found."""
    if report_missing(args.paths):
        return 2
    site, site_problems = load_site(content_root(args.paths))
    # on every core when there are many files: parsed, checked and scored by the same workers
    loaded = load_paths(args.paths, quiet=args.quiet, jobs=None, then=checked_here(site))
    bar = progress("校验中…", 0, args.quiet)
    bar.stage("校验中…")
    checked = check(loaded, site)
    bar.close()
    diagnostics = sorted([*site_problems, *checked.diagnostics], key=lambda d: d.sort_key())
    listed, unlisted = diagnostics, list[Diagnostic]()
    if args.changed_since is not None:
        try:
            changed = changed_since(content_root(args.paths), args.changed_since)
        except ChangedUnknown as exc:
            print(str(exc), file=sys.stderr)
            return 2
        listed, unlisted = [], []
        for d in diagnostics:
            shown = d.severity is Severity.ERROR or Path(d.file).resolve() in changed
            (listed if shown else unlisted).append(d)
    WRITERS[args.format](sys.stdout, listed, checked.files, len(checked.records), unlisted)
    failing = {Severity.ERROR, Severity.WARNING} if args.strict else {Severity.ERROR}
    return 1 if any(d.severity in failing for d in diagnostics) else 0
