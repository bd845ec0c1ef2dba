"""`migrate [PATH...]`: bring record files to the latest record format (schema 2)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from generator.cli.options import add_paths_argument, display_path, report_missing
from generator.read.load import discover
from generator.read.migrate import LATEST, migrate_bytes


def register(subparsers: Any) -> None:
    """Add the `migrate` subcommand."""
    p = subparsers.add_parser(
        "migrate", help=f"把记录升级到最新的记录格式（版本 {LATEST}）",
        description=f"把记录文件的 schema_version 升级为 {LATEST}；只改这一行，其余内容一字不动。"
                    "版本 1 的记录仍可直接使用，升级不是必需的。退出码 0 成功，1 有文件无法升级，2 用法错误。")
    add_paths_argument(p)
    p.add_argument("--dry-run", action="store_true", help="只显示将升级哪些文件，不写入")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Migrate every record file found; never touch a file that does not load."""
    if report_missing(args.paths):
        return 2
    changed = refused = 0
    for file in discover(args.paths):
        shown = display_path(file)
        try:
            data = file.read_bytes()
        except OSError as exc:
            print(f"{shown}: 无法读取：{exc.strerror or exc}", file=sys.stderr)
            refused += 1
            continue
        result = migrate_bytes(data, shown)
        if result.refused:
            print(f"{shown}: 未升级：{result.refused}", file=sys.stderr)
            refused += 1
        elif result.text is not None:
            changed += 1
            print(("将升级\t" if args.dry_run else "已升级\t") + shown)
            if not args.dry_run:
                file.write_bytes(result.text)
    print(f"升级 {changed} 个文件，{refused} 个无法升级。")
    return 1 if refused else 0
