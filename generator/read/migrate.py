"""Record format migrations: schema 1 → 2 (docs/record-format.md).

Schema 2 only adds optional fields, so a schema-1 record is a valid schema-2 record once its
`schema_version` says so; the migration changes that one line and nothing else (comments, key
order, number spellings stay byte for byte). Records that do not load are not touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.read.load import load_bytes

LATEST = 2
_VERSION_LINE = re.compile(rb"^schema_version:[ \t]*1[ \t]*(#[^\r\n]*)?(?=\r?$)", re.MULTILINE)


@dataclass(frozen=True)
class Migrated:
    """The outcome for one file: its new bytes (None when unchanged) and why not, if refused."""

    text: bytes | None
    refused: str = ""


def migrate_bytes(data: bytes, shown: str) -> Migrated:
    """Return the schema-2 bytes of a schema-1 record (None when already at the latest version)."""
    loaded = load_bytes(data, shown)
    if loaded.record is None:
        first = loaded.diagnostics[0]
        return Migrated(None, f"{first.code} {first.message}")
    if loaded.record.schema_version == LATEST:
        return Migrated(None)
    found = list(_VERSION_LINE.finditer(data))
    if len(found) != 1:
        return Migrated(None, "找不到唯一一行顶格的“schema_version: 1”。")
    match = found[0]
    comment = match.group(1) or b""
    line = b"schema_version: 2" + (b" " + comment if comment else b"")
    text = data[:match.start()] + line + data[match.end():]
    again = load_bytes(text, shown)
    if again.record is None or again.record.schema_version != LATEST:
        return Migrated(None, "升级后的记录未通过格式检查；这是本工具的缺陷，请报告。")
    return Migrated(text)
