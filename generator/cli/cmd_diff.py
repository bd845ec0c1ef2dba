"""`diff BASE [HEAD]`: what a change does to the published records, for pull-request review."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from generator.cli.options import add_content_argument, report_missing_content
from generator.ledger.compare import compare
from generator.ledger.gitrepo import Absent, GitFailed, open_repo
from generator.ledger.revisions import BadRevision, Cache, load_revision, load_working_tree
from generator.report.diffreport import github, markdown, to_json


def register(subparsers: Any) -> None:
    """Add the `diff` subcommand."""
    p = subparsers.add_parser(
        "diff", help="比较两个版本的记录：哪些数字、复核总分和问题变了",
        description="比较两个版本的记录（新增、删除、修改），列出变动的数字、复核总分和等级、"
                    "新出现和已解决的问题。只改动空白或注释的编辑不算变化。不给 HEAD 时与工作区比较。")
    p.add_argument("base", metavar="BASE", help="较早的版本（分支、标签或提交，如 origin/main、HEAD~1）")
    p.add_argument("head", metavar="HEAD", nargs="?", default=None,
                   help="较新的版本（默认：工作区，包括未提交的改动）")
    p.add_argument("--format", choices=("markdown", "json", "github"), default="markdown",
                   help="输出格式；github：把两个版本之间的检查（如 H101）逐条输出为 GitHub 注释")
    p.add_argument("--fail-on", metavar="CODES", type=_codes, default=(),
                   help="新出现这些代码的问题时退出码为 1（逗号分隔，如 H101），拉取请求检查用")
    add_content_argument(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the diff; exit 1 when a --fail-on finding appeared, 2 for a bad revision or a
    folder outside git."""
    content: Path = args.content
    if report_missing_content(content):
        return 2
    repo = open_repo(content)
    if isinstance(repo, Absent):
        print(f"无法比较：{repo.reason}。", file=sys.stderr)
        return 2
    try:
        cache: Cache = {}
        base = load_revision(repo, args.base, content, cache)
        head = (load_working_tree(repo, content, cache) if args.head is None
                else load_revision(repo, args.head, content, cache))
    except (BadRevision, GitFailed) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    result = compare(base, head)
    fail_on: tuple[str, ...] = args.fail_on
    if args.format == "github":
        sys.stdout.write(github(result, fail_on))
    else:
        sys.stdout.write(markdown(result) if args.format == "markdown" else to_json(result))
    failing = [d for r in result.records for d in r.appeared if d.code in fail_on]
    return 1 if failing else 0


def _codes(text: str) -> tuple[str, ...]:
    codes = tuple(c.strip() for c in text.split(",") if c.strip())
    if not codes or not all(re.fullmatch(r"[A-Z][0-9]{3}", c) for c in codes):
        raise argparse.ArgumentTypeError(f"应为逗号分隔的规则代码，如 H101：{text}")
    return codes
