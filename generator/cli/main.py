"""Command-line interface: argument parsing and exit codes only.

Each subcommand lives in `generator/cli/cmd_<name>.py` with `register(subparsers)` and
`run(args) -> int`; exit codes: 0 fine, 1 errors found, 2 usage or internal failure.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from generator import __version__
from generator.cli.commands import modules

EXIT_OK, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """Return the parser with the subcommand `argv` names registered, or every one."""
    invoked = os.path.basename(sys.argv[0]) if sys.argv else ""
    parser = argparse.ArgumentParser(
        prog="jixiao" if invoked == "jixiao" else "python -m generator",
        description="项目支出绩效自评表公开网站生成器：校验、复核计分、生成网站。",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in modules(list(sys.argv[1:] if argv is None else argv)):
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except BrokenPipeError:  # e.g. `validate | head`: the reader left; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:  # the last guard: a bug must still exit 2 with a clear message
        if os.environ.get("GENERATOR_DEBUG"):
            raise
        print(f"内部错误（{type(exc).__name__}）：{exc}。这是本工具的缺陷，请报告；"
              "设置 GENERATOR_DEBUG=1 可看到详细信息。", file=sys.stderr)
        return EXIT_FAILURE
