"""Write a record as YAML text in the canonical layout of docs/record-format.md.

Used by importers and `synth`; deterministic (same data, same bytes). Strings are written plain
only when reading them back gives the same text, under YAML 1.2 (ruamel, this project) and under
YAML 1.1 (PyYAML and most editors' and other tools' readers: `yes`, `off`, `y`, `~`, `12:30`,
`2021-01-01`, `0o17`, `1_000` are not text there); otherwise double-quoted.
"""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode

SCHEMA_LINE = "# yaml-language-server: $schema="
RELATIVE_SCHEMA = "../../../generator/schema/record.schema.json"
"""Where a record below content/records/<year>/ finds the schema inside this repository."""
SCHEMA_COMMENT = SCHEMA_LINE + RELATIVE_SCHEMA + "\n"
_YAML11 = re.compile("|".join((  # the implicit types of YAML 1.1 (PyYAML's resolver, and y/n)
    r"(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)",
    r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?",
    r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
    r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+",
    r"~|null|Null|NULL|<<|=",
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}.*)?",
)))
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
    if _YAML11.fullmatch(text):
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


def emit_record(data: dict[str, Any], schema: str = RELATIVE_SCHEMA) -> str:
    """Return the YAML text of a record given as plain data in field order.

    `schema` is where the first line points editors (yaml-language-server): the schema's
    public address on the site, or by default its path inside this repository.
    """
    out: list[str] = []
    for key, value in data.items():
        if key == "funds" or key == "indicators" or key == "source" or key == "goals":
            out.append("")
        if isinstance(value, dict) and key == "total":
            out.append("")
            out.append(f"{key}: {_flow(value)}")
        else:
            _block({key: value}, 0, out)
    return SCHEMA_LINE + schema + "\n" + "\n".join(out) + "\n"
