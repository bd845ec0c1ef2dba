"""Golden tree: a fresh build of tests/golden/content/ equals tests/golden/expected/ byte for byte.

After an intended change, run `make golden` and review `git diff tests/golden/expected`.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from tests.sitebuild import GOLDEN_EXPECTED, build_golden, golden_files


def _expected() -> dict[str, bytes]:
    return {p.relative_to(GOLDEN_EXPECTED).as_posix(): p.read_bytes()
            for p in sorted(GOLDEN_EXPECTED.rglob("*")) if p.is_file()}


def _diff(name: str, want: bytes, got: bytes) -> str:
    lines = difflib.unified_diff(want.decode().splitlines(), got.decode().splitlines(),
                                 f"expected/{name}", f"built/{name}", lineterm="", n=1)
    return "\n".join(list(lines)[:40])


def test_build_matches_the_golden_tree(tmp_path: Path) -> None:
    assert build_golden(tmp_path / "docs") == 0
    built, expected = golden_files(tmp_path / "docs"), _expected()
    assert sorted(built) == sorted(expected), "file list differs; run `make golden` if intended"
    changed = [name for name in built if built[name] != expected[name]]
    assert not changed, (f"{len(changed)} files differ from tests/golden/expected (run `make golden`"
                         " and review the diff if intended):\n" + _diff(changed[0], expected[changed[0]],
                                                                       built[changed[0]]))
