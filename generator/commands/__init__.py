"""Subcommands, one module each; listed here in the order `--help` shows them."""

from __future__ import annotations

from types import ModuleType

from generator.commands import build, diff, explain, importing, schema, score, synth, validate

COMMANDS: tuple[ModuleType, ...] = (validate, explain, schema, synth, importing, score, diff, build)
