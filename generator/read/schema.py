"""The JSON Schema of a record: the single source of truth for its structure."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

SCHEMA_FILE = "record.schema.json"


def schema_text() -> str:
    """Return the schema file's text exactly as shipped."""
    return resources.files("generator").joinpath("schema", SCHEMA_FILE).read_text(encoding="utf-8")


@cache
def record_schema() -> dict[str, Any]:
    """Return the parsed record schema."""
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded
