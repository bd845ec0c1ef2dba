"""`score`: the reported figures beside their recomputation, as text tables or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from generator.cli.options import add_paths_argument, content_root, load_paths, report_missing
from generator.read.siteconfig import load_site
from generator.report.scoretable import record_table
from generator.rules.check import profile_for
from generator.scoring import RecordScore, score_record
from generator.scoring.coverage import merge
from generator.scoring.profile import UnknownProfile


def register(subparsers: Any) -> None:
    """Add the `score` subcommand."""
    p = subparsers.add_parser(
        "score", help="按评分规则复核得分，与报告数字并列显示",
        description="复核每条记录的执行率、得分、总分和等级，与公开的数字并列显示；"
                    "退出码 0 全部可复核，1 有记录无法读取，2 用法错误。")
    add_paths_argument(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Score every readable record; return 1 when a record could not be read or scored."""
    if report_missing(args.paths):
        return 2
    site, problems = load_site(content_root(args.paths))
    scores: list[RecordScore] = []
    failed = [d.as_line() for d in problems]
    for loaded in load_paths(args.paths):
        failed.extend(d.as_line() for d in loaded.diagnostics)
        if loaded.record is None:
            continue
        try:
            scores.append(score_record(loaded.record, profile_for(loaded.record, site)))
        except UnknownProfile as exc:
            failed.append(f"{loaded.path}: 评分规则“{exc.args[0]}”不存在，未复核。")
    _write(scores, args.format)
    for line in failed:
        print(line, file=sys.stderr)
    if failed:
        print("以上文件无法读取或复核，请先运行 validate 修正。", file=sys.stderr)
    return 1 if failed else 0


def _write(scores: list[RecordScore], fmt: str) -> None:
    total = merge(s.coverage for s in scores)
    if fmt == "json":
        document = {"records": [s.to_json() for s in scores], "coverage": total.to_json()}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    sys.stdout.write("\n".join(record_table(s) for s in scores))
    sys.stdout.write(f"\n合计 {len(scores)} 条记录，{total.text()}\n")
