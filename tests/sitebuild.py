"""Build the site for tests: the generator in-process, then the real `mkdocs build --strict`.

Also the golden tree: `make golden` runs `python -m tests.sitebuild --refresh-golden`, which
rewrites tests/golden/expected/ from tests/golden/content/; review its diff like code.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "tests" / "fixtures" / "seed" / "content"
GOLDEN = ROOT / "tests" / "golden"
GOLDEN_CONTENT = GOLDEN / "content"
GOLDEN_EXPECTED = GOLDEN / "expected"
HOSTILE = GOLDEN_CONTENT / "records" / "2021" / "2021-hostile-text.yaml"
GOLDEN_SKIP = {"data/record.schema.json", "method/index.md"}
"""Left out of the golden tree: a copy of the schema, and the rules page, which changes with
every new rule and has its own test (tests/web/test_pages.py). The published schemas (schema/)
are copies of generator/schema/ too (tests/test_json_schemas.py)."""
GOLDEN_SUFFIXES = (".md", ".csv", ".json", ".xml")


def build_docs(content: Path, out: Path) -> int:
    """Run `python -m generator build` in-process from the repository root; return its exit code."""
    from generator.cli.main import main

    with contextlib.chdir(ROOT):
        return main(["build", "--content", str(content), "--out", str(out)])


@contextlib.contextmanager
def outside_git(folder: Path) -> Iterator[None]:
    """Make git find no repository at or above `folder` while the block runs.

    The golden content lies inside this project's repository, whose history changes with every
    commit; its pages must say, deterministically, that history is absent (issue 6, item 5).
    """
    previous = os.environ.get("GIT_CEILING_DIRECTORIES")
    os.environ["GIT_CEILING_DIRECTORIES"] = str(folder.resolve())
    try:
        yield
    finally:
        if previous is None:
            del os.environ["GIT_CEILING_DIRECTORIES"]
        else:
            os.environ["GIT_CEILING_DIRECTORIES"] = previous


def build_golden(out: Path) -> int:
    """Build tests/golden/content/ as a tree outside git; return the exit code."""
    with outside_git(GOLDEN):
        return build_docs(GOLDEN_CONTENT.relative_to(ROOT), out)


def build_site(docs: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs build --strict` of mkdocs.yml on a docs folder."""
    env = {**os.environ, "JX_DOCS_DIR": str(docs), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                           "--site-dir", str(site)], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=False)


SYNTH_YEARS = ((2018, 11, 25), (2019, 12, 20), (2020, 12, 20))
"""(year, seed, count) of the synthetic records of the test site: 2019 and 2020 share a seed, so
their projects recur (same department and title) and the comparisons across years have work to do."""
SYNTH_COUNT = 20
"""Records of 2019, the year most browser tests look at."""
LARGE_YEAR_LIMIT = 24
"""The test site's year-page limit (generator/site/yearrows.py): 2018, with 25 records, is built
as a large year would be (rows in rows.json), the other years as small ones."""
CONTACT = ("contact:\n  address: 示例市人民路 1 号\n  phone: 0994-0000000\n"
           "  email: contact@example.invalid\n")


def index_site(site: Path) -> None:
    """Build the search index of a built site with the project's Pagefind (`make site` does too)."""
    from generator.site.searchindex import index_site as pagefind_index

    outcome = pagefind_index(site)
    if outcome.problem is not None:
        raise RuntimeError(outcome.problem + "\n" + outcome.output)


def content_with_hostile(folder: Path) -> Path:
    """Return a copy of content/ with the hostile record added (it must publish as text),
    synthetic records of three earlier years and the publisher's contact."""
    from generator.importers.emit import emit_record
    from generator.importers.synth import synth_records

    shutil.copytree(CONTENT, folder)
    shutil.copy(HOSTILE, folder / "records" / "2021" / HOSTILE.name)
    for year, seed, count in SYNTH_YEARS:
        target = folder / "records" / str(year)
        target.mkdir(parents=True, exist_ok=True)
        for data in synth_records(count, seed, year):
            (target / f"{data['id']}.yaml").write_text(emit_record(data), encoding="utf-8")
    with (folder / "site.yaml").open("a", encoding="utf-8") as settings:
        settings.write(CONTACT)
    return folder


_SESSION: dict[str, Path] = {}


def session_site(scratch: Path) -> Path:
    """Build content/ plus the hostile record into `scratch` once per test session; return site/."""
    if "site" not in _SESSION:
        from generator.site import yearrows

        docs, site = scratch / "docs", scratch / "site"
        limit, yearrows.YEAR_TABLE_LIMIT = yearrows.YEAR_TABLE_LIMIT, LARGE_YEAR_LIMIT
        try:
            code = build_docs(content_with_hostile(scratch / "content"), docs)
        finally:
            yearrows.YEAR_TABLE_LIMIT = limit
        if code != 0:
            raise RuntimeError(f"python -m generator build exited {code}")
        result = build_site(docs, site)
        if result.returncode != 0:
            raise RuntimeError("mkdocs build --strict failed:\n" + result.stdout + result.stderr)
        index_site(site)
        _SESSION["site"] = site
    return _SESSION["site"]


def golden_files(docs: Path) -> dict[str, bytes]:
    """Return the files of a built docs tree that the golden tree holds."""
    found = {}
    for path in sorted(docs.rglob("*")):
        relative = path.relative_to(docs).as_posix()
        if (path.is_file() and path.name.endswith(GOLDEN_SUFFIXES) and relative not in GOLDEN_SKIP
                and not relative.startswith("schema/")):
            found[relative] = path.read_bytes()
    return found


def refresh_golden(scratch: Path) -> None:
    """Rebuild tests/golden/expected/ from tests/golden/content/."""
    code = build_golden(scratch)
    if code != 0:
        raise SystemExit(f"build failed with exit code {code}")
    shutil.rmtree(GOLDEN_EXPECTED, ignore_errors=True)
    for relative, data in golden_files(scratch).items():
        target = GOLDEN_EXPECTED / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Refresh the golden tree.")
    parser.add_argument("--refresh-golden", action="store_true", required=True)
    parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        refresh_golden(Path(tmp) / "docs")
    print(f"rewrote {GOLDEN_EXPECTED.relative_to(ROOT)}; review the diff with git diff")
