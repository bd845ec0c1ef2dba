"""`schema`: print the record JSON Schema."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from generator.read.schema import schema_text


def register(subparsers: Any) -> None:
    """Add the `schema` subcommand."""
    p = subparsers.add_parser("schema", help="打印记录的 JSON Schema")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the schema exactly as shipped."""
    sys.stdout.write(schema_text())
    return 0
