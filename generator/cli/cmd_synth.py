"""`synth`: write N realistic synthetic records (demos, benchmarks, scale tests)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.cli.options import describe_os_error
from generator.importers.emit import emit_record
from generator.importers.synth import synth_records
from generator.site.outguard import synth_refusal
from generator.site.treewrite import replace_files


def register(subparsers: Any) -> None:
    """Add the `synth` subcommand."""
    p = subparsers.add_parser("synth", help="生成合成示例记录（演示、基准测试用）")
    p.add_argument("--count", type=int, required=True, help="记录条数")
    p.add_argument("--out", type=Path, required=True, help="输出文件夹（写入 records/<年度>/）")
    p.add_argument("--seed", type=int, default=0, help="随机种子（相同种子得到相同记录）")
    p.add_argument("--year", type=int, default=2023, help="年度")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the records under OUT/records/<year>/ and say how many."""
    if args.count < 0:
        print("--count 不能为负数。", file=sys.stderr)
        return 2
    refusal = synth_refusal(args.out)
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return 2
    folder = args.out / "records" / str(args.year)
    try:
        replace_files([(folder / f"{data['id']}.yaml", emit_record(data).encode("utf-8"))
                       for data in synth_records(args.count, args.seed, args.year)])
    except OSError as exc:
        print(f"写入失败：{describe_os_error(exc)}。没有写入任何记录。", file=sys.stderr)
        return 1
    print(f"已写入 {args.count} 条合成记录到 {folder}。")
    return 0
