"""Write a record as YAML text in the canonical layout of docs/record-format.md.

Used by importers and `synth`; deterministic (same data, same bytes). Strings are written plain
only when reading them back gives the same text; otherwise double-quoted.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../generator/schema/record.schema.json\n"
_FLOW_KEYS = ("total", "fiscal", "carryover", "other", "reported")
"""Funds rows are written on one line each, like the printed table."""


def scalar(value: Any) -> str:
    """Return the YAML text of one scalar value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return text if _plain_ok(text) else json.dumps(text, ensure_ascii=False)


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or "\n" in text or text[0] in "\"'<>=≥≤＜＞＝≦≧":
        return False
    try:
        node = YAML(typ="safe").compose(io.StringIO(f"k: {text}\n"))
    except YAMLError:
        return False
    if not isinstance(node, MappingNode) or len(node.value) != 1:
        return False
    value = node.value[0][1]
    return (isinstance(value, ScalarNode) and value.tag == "tag:yaml.org,2002:str"
            and not value.style and value.value == text)


def _flow(mapping: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_flow_scalar(v)}" for k, v in mapping.items()) + "}"


def _flow_scalar(value: Any) -> str:
    """Quote every string inside a flow mapping, where `,` `{` `}` would end a plain one."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return scalar(value)


def _block(mapping: dict[str, Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for key, value in mapping.items():
        if isinstance(value, dict) and (key in _FLOW_KEYS or _is_measure(value) or key == "total"):
            out.append(f"{pad}{key}: {_flow(value)}")
        elif isinstance(value, dict):
            out.append(f"{pad}{key}:")
            _block(value, indent + 2, out)
        elif isinstance(value, list):
            _list(key, value, indent, out)
        else:
            out.append(f"{pad}{key}: {scalar(value)}")


def _list(key: str, items: list[Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    if not items:
        out.append(f"{pad}{key}: []")
        return
    out.append(f"{pad}{key}:")
    for item in items:
        if key == "more":  # funds rows beyond the national four: one line each, like the others
            out.append(f"{pad}  - {_flow(item)}")
            continue
        lines: list[str] = []
        _block(item, indent + 4, lines)
        first = lines[0][indent + 4:]
        out.append(f"{pad}  - {first}")
        out.extend(lines[1:])


def _is_measure(value: dict[str, Any]) -> bool:
    return set(value) == {"op", "value", "unit"}


def emit_record(data: dict[str, Any]) -> str:
    """Return the YAML text of a record given as plain data in field order."""
    out: list[str] = []
    for key, value in data.items():
        if key == "funds" or key == "indicators" or key == "source" or key == "goals":
            out.append("")
        if isinstance(value, dict) and key == "total":
            out.append("")
            out.append(f"{key}: {_flow(value)}")
        else:
            _block({key: value}, 0, out)
    return SCHEMA_COMMENT + "\n".join(out) + "\n"
