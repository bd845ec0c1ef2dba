"""Escaping records publish as text, and builds are reproducible (real `mkdocs build --strict`).

The records of tests/hostile/escaping/ are valid: every text field carries HTML, Markdown,
Jinja or a formula, and `source.url` a `javascript:` or `data:` url or a quote. They must reach
the site as text, add no script, link nowhere outside but an http(s) source url, and never be
evaluated. This extends tests/web/test_built_html.py (one hostile record) to every field.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import CONTENT, ROOT
from tests.sitebuild import build_docs
from tests.web.htmlscan import Scan, scan

ESCAPING = ROOT / "tests" / "hostile" / "escaping"
SITE_URL = "http://127.0.0.1:8000/"
EPOCH = "1661947200"  # 2022-08-31: any fixed value; the Makefile takes the last commit's
JINJA_RESULT = "1111113"  # 123457*9: the escaping records write {{ 123457*9 }} and the like
DANGEROUS = ("javascript:", "data:", "vbscript:")
pytestmark = pytest.mark.slow


def records() -> list[dict[str, object]]:
    """Return the escaping records as plain data."""
    yaml = YAML(typ="safe", pure=True)
    return [yaml.load(path.read_text(encoding="utf-8")) for path in sorted(ESCAPING.glob("*.yaml"))]


def author_texts(record: dict[str, object]) -> list[str]:
    """Return every line of every text field of a record."""
    found: list[str] = []

    def visit(value: object) -> None:
        if isinstance(value, str):
            found.extend(line for line in value.split("\n") if line)
        elif isinstance(value, dict):
            for item in value.values():
                visit(item)
        elif isinstance(value, list):
            for item in value:
                visit(item)

    visit(record)
    return [text for text in found if text not in ("万元", "产出指标", "效益指标", "满意度指标")]


def build(content: Path, scratch: Path, epoch: str = EPOCH) -> tuple[Path, Path]:
    """Build docs and site from `content` into `scratch`; return both folders."""
    docs, site = scratch / "docs", scratch / "site"
    assert build_docs(content, docs) == 0
    env = {**os.environ, "JX_DOCS_DIR": str(docs), "NO_MKDOCS_2_WARNING": "1",
           "SOURCE_DATE_EPOCH": epoch}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                             "--site-dir", str(site)], cwd=ROOT, env=env, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return docs, site


def digests(folder: Path) -> dict[str, str]:
    """Return every file's sha256 below `folder`, by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("escaping") / "content"
    shutil.copytree(CONTENT, folder)
    for path in ESCAPING.glob("*.yaml"):
        shutil.copy(path, folder / "records" / "2021" / path.name)
    return folder


@pytest.fixture(scope="module")
def built(content: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build(content, tmp_path_factory.mktemp("escaping-build"))


def page_of(site: Path, record: dict[str, object]) -> Scan:
    return scan(site / "records" / "2021" / str(record["id"]) / "index.html")


def test_every_author_text_is_shown_as_text(built: tuple[Path, Path]) -> None:
    _, site = built
    for record in records():
        text = "".join(page_of(site, record).texts)
        for shown in author_texts(record):
            assert shown in text, (record["id"], shown)


def _scripts(page: Scan) -> list[dict[str, str]]:
    return [attrs for tag, attrs in page.elements if tag == "script"]


def test_no_author_script_element_or_handler_on_any_page(built: tuple[Path, Path]) -> None:
    _, site = built
    theme_scripts = _scripts(scan(site / "records/2021/2021-cj-coal-network-ops/index.html"))
    for record in records():
        assert _scripts(page_of(site, record)) == theme_scripts
    for path in sorted(site.rglob("*.html")):
        for tag, attrs in scan(path).elements:
            assert tag not in ("img", "iframe", "object", "embed", "style", "base"), (path, tag)
            assert not (tag == "meta" and "http-equiv" in attrs), (path, attrs)
            assert not [name for name in attrs if name.startswith("on")], (path, tag, attrs)


def _urls(page: Scan) -> list[tuple[str, str, str]]:
    return [(tag, key, attrs[key]) for tag, attrs in page.elements
            for key in ("href", "src", "action", "formaction", "data") if key in attrs]


def test_no_dangerous_or_outside_link_but_the_http_source(built: tuple[Path, Path]) -> None:
    _, site = built
    sources = {str(r["source"]["url"]) for r in records()  # type: ignore[index]
               if str(r["source"]["url"]).startswith("https://")}  # type: ignore[index]
    assert len(sources) == 1
    outside = set()
    for path in sorted(site.rglob("*.html")):
        for tag, key, value in _urls(scan(path)):
            plain = re.sub(r"[\x00-\x20]", "", value).lower()
            assert not plain.startswith(DANGEROUS), (path, tag, value)
            if re.match(r"^[a-z][a-z0-9+.-]*:|^//", plain) and not value.startswith(SITE_URL):
                assert (tag, key) == ("a", "href"), (path, tag, value)
                outside.add(value)
    assert outside == sources


def test_templates_never_evaluate_author_text(built: tuple[Path, Path]) -> None:
    docs, site = built
    generated = [p for folder in (docs, site) for p in folder.rglob("*")
                 if p.suffix in (".md", ".html", ".json", ".csv", ".xml") and "assets" not in p.parts]
    assert [p for p in generated if JINJA_RESULT in p.read_text(encoding="utf-8")] == []
    html = next(r for r in records() if r["id"] == "2021-escape-html")
    assert "{{ 123457*9 }}" in "".join(page_of(site, html).texts)


def test_formulas_stay_text_in_the_downloads(built: tuple[Path, Path]) -> None:
    docs, _ = built
    formula = next(r for r in records() if r["id"] == "2021-escape-formula")
    table = (docs / "data" / "records-2021.csv").read_text(encoding="utf-8-sig")
    for text in (formula["title"], formula["department"], formula["implementer"]):
        assert f"'{text}" in table.replace('""', '"'), text
    with zipfile.ZipFile(docs / "data" / "records-2021.xlsx") as book:
        sheets = [book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not [s for s in sheets if "<f>" in s or "<f " in s]  # no formula cell
    for text in ("=HYPERLINK(", "@SUM(1+1)", "-2+3+cmd", "=IMPORTXML("):  # each a text cell
        assert re.search(r'<c t="inlineStr"><is><t>' + re.escape(text),
                         "".join(sheets)), text


def test_two_builds_of_the_same_content_are_byte_identical(
        content: Path, built: tuple[Path, Path], tmp_path: Path) -> None:
    docs, site = built
    again_docs, again_site = build(content, tmp_path / "again")
    assert digests(again_docs) == digests(docs)
    assert digests(again_site) == digests(site)


def test_only_the_sitemap_depends_on_the_build_date(
        content: Path, built: tuple[Path, Path], tmp_path: Path) -> None:
    """The documented exception: mkdocs dates the gzip of sitemap.xml by SOURCE_DATE_EPOCH.

    sitemap.xml itself no longer does: each page's date comes from git (theme/sitemap.xml).
    """
    _, site = built
    later = digests(build(content, tmp_path / "later", epoch="1700000000")[1])
    first = digests(site)
    assert later.keys() == first.keys()
    assert sorted(k for k in first if first[k] != later[k]) == ["sitemap.xml.gz"]
    # outside git no page has a date: never the clock's
    assert "<lastmod>" not in (site / "sitemap.xml").read_text(encoding="utf-8")
