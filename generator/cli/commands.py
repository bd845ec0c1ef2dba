"""Subcommands, one module each; listed here in the order `--help` shows them.

Modules are imported by name when needed: a `build` run never imports the importers (openpyxl,
pdfplumber), which cost a build a second of CPU before it read a file (issue 16).
"""

from __future__ import annotations

import importlib
from types import ModuleType

NAMES: tuple[str, ...] = (
    "validate", "explain", "schema", "synth", "import", "migrate", "score", "diff", "build",
    "mkdocs-config", "index")
"""Each subcommand's name, as typed; its module is `generator.cli.cmd_<name>` (`-` → `_`)."""


def module(name: str) -> ModuleType:
    """Return the module of the subcommand `name` (one of NAMES)."""
    return importlib.import_module("generator.cli.cmd_" + name.replace("-", "_"))


def modules(argv: list[str]) -> tuple[ModuleType, ...]:
    """Return the subcommand modules the parser needs for `argv`: the named one alone when the
    first argument names one, else all (`--help`, `--version`, a typo)."""
    if argv and argv[0] in NAMES:
        return (module(argv[0]),)
    return tuple(module(name) for name in NAMES)
