"""The original documents kept beside the records: `content/sources/<file>`.

A record's `source.file` names the published document it was taken from; when that file is kept
in `sources/`, the site publishes it and the record page links it (`generator/site/documents.py`).
Only plain file names with a document's extension are read: never a path, a link, a hidden file
or a page MkDocs would render (`.md`, `.html`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

SOURCES = "sources"
"""The folder below the content folder, and below the site."""
EXTENSIONS = (".txt", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ofd")
"""Document types published as they are (MkDocs copies them untouched)."""
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024

_PLAIN_NAME = re.compile(r"[^/\\\x00-\x1f\x7f]+")


def document_name_ok(name: str) -> bool:
    """Return True for a plain file name (no folder, not hidden) with a document's extension."""
    return (bool(_PLAIN_NAME.fullmatch(name)) and not name.startswith(".")
            and name.lower().endswith(EXTENSIONS))


def read_documents(content: Path, names: Iterable[str | None]) -> dict[str, bytes]:
    """Return the kept documents among `names`, by name; a name not kept or not readable is left out."""
    found: dict[str, bytes] = {}
    for name in sorted({n for n in names if n and document_name_ok(n)}):
        path = content / SOURCES / name
        try:
            if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_DOCUMENT_BYTES:
                continue
            found[name] = path.read_bytes()
        except OSError:
            continue
    return found
