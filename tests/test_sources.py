"""The published documents kept beside their records (content/sources/): the records' provenance.

A record's `source` names the document's file and its sha256; the file in `sources/` must be
that very document, byte for byte.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator.read.load import discover, load_file
from tests.conftest import CONTENT, LIVE_CONTENT, SEED


def sources_of(content: Path) -> list[tuple[str, str, Path]]:
    """Return (record file, declared sha256, document path) for each record naming a source file."""
    found = []
    for file in discover([content]):
        record = load_file(file).record
        assert record is not None, file
        if record.source is not None and record.source.file:
            found.append((file.name, record.source.sha256, content / "sources" / record.source.file))
    return found


@pytest.mark.parametrize("content", [CONTENT, LIVE_CONTENT], ids=["fixture", "content"])
def test_kept_documents_match_the_records_sha256(content: Path) -> None:
    for name, sha256, document in sources_of(content):
        if document.is_file():
            assert hashlib.sha256(document.read_bytes()).hexdigest() == sha256, name


def test_the_seed_records_keep_their_document() -> None:
    kept = sources_of(CONTENT)
    assert [name for name, _, _ in kept] == [
        "2021-cj-coal-digital-monitoring.yaml", "2021-cj-coal-expert-consultation.yaml",
        "2021-cj-coal-network-ops.yaml", "2021-cj-energy-saving-service.yaml"]
    assert {document for _, _, document in kept} == {SEED}
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == (
        "d2e2eba03f5590c58813000a04276bfffacd553fb53eb348182be67dd400202d")


def test_content_keeps_the_seed_as_published() -> None:
    assert (LIVE_CONTENT / "sources" / SEED.name).read_bytes() == SEED.read_bytes()
