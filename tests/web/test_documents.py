"""The original documents kept in content/sources/: published with the site and linked from
each record page whose declared SHA-256 they match; nothing else is read or published."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.read.sources import document_name_ok, read_documents
from tests.conftest import CONTENT, SEED
from tests.sitebuild import build_docs

LINK = ('<dt>原始文件</dt><dd><a href="../../../sources/000_f18801941a00c253.txt">'
        '000_f18801941a00c253.txt</a>（本站保存的原件，SHA-256 与下行相符）</dd>')
UNLINKED = "<dt>原始文件</dt><dd>000_f18801941a00c253.txt</dd>"
PAGES = [f"records/2021/{p.stem}.md" for p in sorted((CONTENT / "records" / "2021").glob("*.yaml"))]


def test_the_seed_is_published_byte_for_byte_and_every_record_links_it(tmp_path: Path) -> None:
    assert build_docs(CONTENT, tmp_path / "docs") == 0
    assert (tmp_path / "docs" / "sources" / SEED.name).read_bytes() == SEED.read_bytes()
    assert sorted(p.name for p in (tmp_path / "docs" / "sources").iterdir()) == [SEED.name]
    for page in PAGES:
        assert LINK in (tmp_path / "docs" / page).read_text(encoding="utf-8"), page


def test_a_document_that_is_not_the_declared_one_is_neither_linked_nor_published(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "sources" / SEED.name).write_bytes(SEED.read_bytes() + b"\n")
    assert build_docs(content, tmp_path / "docs") == 0
    assert not (tmp_path / "docs" / "sources").exists()
    for page in PAGES:
        text = (tmp_path / "docs" / page).read_text(encoding="utf-8")
        assert UNLINKED in text and "sources/" not in text, page


def test_without_sources_the_pages_name_the_file_only(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    shutil.rmtree(content / "sources")
    assert build_docs(content, tmp_path / "docs") == 0
    assert not (tmp_path / "docs" / "sources").exists()
    assert UNLINKED in (tmp_path / "docs" / PAGES[0]).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["../site.yaml", "a/b.txt", "a\\b.txt", ".hidden.txt", "page.md",
                                  "page.html", "script.js", "x.txt\n", ""])
def test_only_plain_document_names_are_read(name: str) -> None:
    assert not document_name_ok(name)


def test_a_linked_or_missing_document_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "outside.txt").write_text("秘密", encoding="utf-8")
    (tmp_path / "sources" / "link.txt").symlink_to(tmp_path / "outside.txt")
    (tmp_path / "sources" / "real.pdf").write_bytes(b"%PDF-1.4")
    found = read_documents(tmp_path, ["link.txt", "missing.docx", "real.pdf", "real.pdf", None])
    assert found == {"real.pdf": b"%PDF-1.4"}
