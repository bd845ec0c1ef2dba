"""The original documents published with the site, each linked from the records taken from it.

A record page links its original only when the kept file's SHA-256 is the one the record
declares (`source.sha256`): the link then leads to exactly the document the figures come from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from urllib.parse import quote

from generator.model.record import Record
from generator.read.sources import SOURCES


def document_url(record: Record, hashes: Mapping[str, str]) -> str | None:
    """Return the site path of the record's kept original, or None when there is none that matches."""
    name, declared = record.source.file, record.source.sha256
    if name is None or declared is None or hashes.get(name) != declared:
        return None
    return f"{SOURCES}/{quote(name)}"


def document_hashes(documents: Mapping[str, bytes]) -> dict[str, str]:
    """Return the SHA-256 of each kept document, by name."""
    return {name: hashlib.sha256(data).hexdigest() for name, data in documents.items()}


def document_files(records: list[Record], documents: Mapping[str, bytes]) -> dict[str, bytes]:
    """Return the documents some published record links, keyed by their path below the docs folder."""
    hashes = document_hashes(documents)
    linked = {r.source.file for r in records if r.source.file and document_url(r, hashes)}
    return {f"{SOURCES}/{name}": documents[name] for name in sorted(linked)}
