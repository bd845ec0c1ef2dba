"""`schema`: print the record JSON Schema."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from generator.site.schemafiles import SCHEMAS, shipped_text


def register(subparsers: Any) -> None:
    """Add the `schema` subcommand."""
    p = subparsers.add_parser("schema", help="打印记录或 JSON 输出的 JSON Schema",
                              description="打印随程序发布的 JSON Schema：record（记录文件，默认）、"
                                          "validate / score / diff（各命令的 --format json 输出）、"
                                          "records（数据下载中的 JSON 文件）。网站在 schema/ 下发布同样的文件。")
    p.add_argument("name", nargs="?", choices=SCHEMAS, default="record", help="哪一个（默认 record）")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the schema exactly as shipped."""
    sys.stdout.write(shipped_text(args.name))
    return 0
