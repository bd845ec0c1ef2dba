"""docs/security.md names a test for every guard: each named test must exist and be collected.

A reference is `` `tests/x.py::test_name` `` or `` `tests/x.py::test_name[case]` ``; a bare
`` `[case]`` after it names another case of the same test.
"""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT

DOC = ROOT / "docs" / "security.md"
_SPAN = re.compile(r"`([^`]+)`")
_REF = re.compile(r"^(tests/[\w/]+\.py)::(\w+)(\[[^\]]+\])?$")
_CASE = re.compile(r"^\[[^\]]+\]$")


def references() -> list[str]:
    """Return the pytest node ids the document names, in order."""
    found: list[str] = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        current = None
        for span in _SPAN.findall(line):
            match = _REF.match(span)
            if match:
                current = f"{match.group(1)}::{match.group(2)}"
                found.append(current + (match.group(3) or ""))
            elif _CASE.match(span) and current is not None:
                found.append(current + span)
    return found


def test_every_guard_names_a_test_that_exists() -> None:
    named = references()
    assert len(named) >= 40
    files = sorted({node.split("::")[0] for node in named})
    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                                "-p", "no:cacheprovider", *files], cwd=ROOT,
                               capture_output=True, text=True, check=False).stdout.splitlines()
    functions = {node.split("[")[0] for node in collected}
    missing = [node for node in named if node not in collected and node not in functions]
    assert missing == []
