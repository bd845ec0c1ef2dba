"""Rule fixtures: every `tests/cases/<CODE>/{pass,fail}/**/*.yaml` states its exact diagnostics.

The first line of each case is `# expect: CODE line:column, …` (or `# expect: nothing`), in
the order the validator reports them. A fail case must report its CODE; a pass case must not.
Adding a case needs no Python: drop a file in the folder of its code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.read.load import load_file
from generator.read.siteconfig import SiteConfig
from generator.rules import all_codes
from generator.rules.check import check
from tests.conftest import ROOT

CASES = ROOT / "tests" / "cases"
CASE_FILES = sorted(CASES.rglob("*.yaml"))
_EXPECT = re.compile(r"^# expect: (.*)\n")
_ITEM = re.compile(r"^([A-Z]\d{3}) (\d+):(\d+)$")

NOT_EXPRESSIBLE_AS_A_CASE = {
    "Y005": "invalid UTF-8 bytes: tests/test_loader.py writes them",
    "Y006": "a BOM: tests/test_loader.py writes it",
    "Y008": "an oversize file: tests/test_loader.py writes it",
    "Y014": "an unreadable file: tests/test_loader.py",
    "S105": "duplicate ids need two files: tests/test_loader.py",
    "S120": "site.yaml, not a record: tests/test_loader.py",
    "H101": "compares two versions of a record: tests/test_diff.py",
}


def expected_of(path: Path) -> list[tuple[str, int, int]]:
    """Return the (code, line, column) list stated on the case's first line."""
    match = _EXPECT.match(path.read_text(encoding="utf-8"))
    assert match is not None, f"{path}: the first line must be '# expect: …'"
    if match.group(1).strip() == "nothing":
        return []
    found = []
    for item in match.group(1).split(","):
        parts = _ITEM.match(item.strip())
        assert parts is not None, f"{path}: cannot read expectation {item!r}"
        found.append((parts.group(1), int(parts.group(2)), int(parts.group(3))))
    return found


def group_of(path: Path) -> Path | None:
    """Return the `*.group` folder a case lives in: its records are validated together."""
    return next((p for p in path.parents if p.suffix == ".group"), None)


def reported(path: Path) -> list[tuple[str, int, int]]:
    """Return what the validator reports for one case, in its order.

    A case inside a `<name>.group` folder is validated with the other records of its group
    (rules across records, such as S140); only the diagnostics of its own file count.
    """
    shown = path.relative_to(ROOT).as_posix()
    group = group_of(path)
    files = sorted(group.rglob("*.yaml")) if group else [path]
    result = check([load_file(f, f.relative_to(ROOT).as_posix()) for f in files], SiteConfig())
    assert group or all(d.file == shown for d in result.diagnostics)
    return [(d.code, d.line, d.column) for d in result.diagnostics if d.file == shown]


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.relative_to(CASES).as_posix())
def test_case(path: Path) -> None:
    code, kind = path.relative_to(CASES).parts[:2]
    got = reported(path)
    assert got == expected_of(path)
    group = group_of(path)
    codes = [c for f in (sorted(group.rglob("*.yaml")) if group else [path]) for c, _, _ in
             (got if f == path else reported(f))]
    if kind == "fail":
        assert code in codes
    else:
        assert kind == "pass"
        assert code not in codes


def test_every_code_has_pass_and_fail_cases() -> None:
    folders = {p.name for p in CASES.iterdir() if p.is_dir()}
    assert folders <= set(all_codes()), "a case folder names an unknown code"
    for code in all_codes():
        if code in NOT_EXPRESSIBLE_AS_A_CASE:
            assert code not in folders
            continue
        for kind in ("pass", "fail"):
            assert sorted((CASES / code / kind).rglob("*.yaml")), f"{code} has no {kind} case"
