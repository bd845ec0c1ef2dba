"""Subcommands, one module each; listed here in the order `--help` shows them."""

from __future__ import annotations

from types import ModuleType

from generator.cli import (
    cmd_build,
    cmd_diff,
    cmd_explain,
    cmd_import,
    cmd_index,
    cmd_migrate,
    cmd_mkdocs_config,
    cmd_schema,
    cmd_score,
    cmd_synth,
    cmd_validate,
)

COMMANDS: tuple[ModuleType, ...] = (
    cmd_validate, cmd_explain, cmd_schema, cmd_synth, cmd_import, cmd_migrate, cmd_score, cmd_diff,
    cmd_build, cmd_mkdocs_config, cmd_index)
