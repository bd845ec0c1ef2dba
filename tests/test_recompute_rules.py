"""C103–C105: published figures that differ from the recomputation, at the published value."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.cli.cmd_explain import explain_text
from generator.read.load import load_file
from generator.read.siteconfig import SiteConfig
from generator.rules.check import check
from tests.conftest import CONTENT, ROOT, SEED_HOME

NETWORK_OPS = "content/records/2021/2021-cj-coal-network-ops.yaml"
DIGITAL = "content/records/2021/2021-cj-coal-digital-monitoring.yaml"


def c_codes(content: Path, cwd: Path = SEED_HOME) -> list[dict[str, Any]]:
    result = subprocess.run([sys.executable, "-m", "generator", "validate", str(content),
                             "--format", "json"], cwd=cwd, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return [d for d in json.loads(result.stdout)["diagnostics"] if d["code"].startswith("C")]


def facts(found: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(d["code"], d["severity"], d["file"], d["line"], d["column"], d["pointer"],
             d["expected"], d["actual"], d["difference"]) for d in found]


def test_seed_findings() -> None:
    # Table 1's three score cells are reported by the specific rules W103, I108 and I109,
    # which supersede C103 on the same cell (Rule.supersedes): one fact, one finding.
    assert facts(c_codes(Path("content"))) == [
        ("C104", "warning", DIGITAL, 96, 29, "total.score", "95.00", "100.00", "-5.00"),
        ("C104", "warning", NETWORK_OPS, 104, 29, "total.score", "99.04", "98.56", "0.48"),
    ]


def test_seed_message_states_values_and_method() -> None:
    first = next(d for d in c_codes(Path("content")) if d["file"] == NETWORK_OPS)
    assert first["message"] == (
        "总分报告为 98.56，复核为 99.04，相差 0.48。总分 = 资金得分 9.04 + 指标得分合计 90.00 = 99.04。")


def test_superseded_c103_is_dropped_only_on_the_same_cell() -> None:
    from generator.rules.base import Context
    from generator.rules.recomputation import indicator_score
    from generator.scoring import score_record
    from generator.scoring.profile import load_profile

    record = load_file(SEED_HOME / NETWORK_OPS, NETWORK_OPS).record
    assert record is not None
    profile = load_profile("national")
    raw = [h.pointer for h in indicator_score(record, Context(profile, score_record(record, profile)))]
    assert raw == ["indicators[0].score", "indicators[2].score", "indicators[6].score"]
    kept = [d for d in check([load_file(SEED_HOME / NETWORK_OPS, NETWORK_OPS)], SiteConfig()).diagnostics
            if d.pointer in raw]
    assert sorted(d.code for d in kept) == ["I108", "I109", "W103"]


def test_rate_score_and_grade_findings(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    target = content / "records" / "2021" / "2021-cj-coal-network-ops.yaml"
    text = target.read_text(encoding="utf-8")
    text = text.replace('reported: {rate: "90.39%", score: 9.04}',
                        'reported: {rate: "90.93%", score: 9.40}')
    text = text.replace("total: {weight: 100, score: 98.56, grade: null}",
                        "total: {weight: 100, score: 98.92, grade: 良}")
    target.write_text(text, encoding="utf-8")
    found = [f for f in facts(c_codes(content, cwd=tmp_path)) if f[2].endswith("network-ops.yaml")]
    funds = [d for d in json.loads(subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(content), "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True, check=False).stdout)["diagnostics"]
        if d["code"] in ("F102", "F103")]
    assert [(d["code"], d["line"], d["column"], d["expected"], d["actual"], d["difference"])
            for d in funds] == [("F102", 16, 20, "90.39%", "90.93%", "-0.54%"),
                                ("F103", 16, 37, "9.04", "9.40", "-0.36")]
    assert [(f[0], f[3], f[4], f[6], f[7], f[8]) for f in found] == [
        ("C104", 104, 29, "99.04", "98.92", "0.12"),
        ("C105", 104, 43, "优", "良", "良 → 优"),
    ]


def test_every_code_is_documented_with_examples() -> None:
    for code in ("C103", "C104", "C105"):
        text = explain_text(code)
        assert text is not None and "\n通过：\n" in text and "\n不通过：\n" in text


CASES = sorted((ROOT / "tests" / "cases").glob("C10*/*/*.yaml"))


def test_there_are_cases_for_every_c_code() -> None:
    assert sorted({(p.parent.parent.name, p.parent.name) for p in CASES}) == [
        (code, kind) for code in ("C103", "C104", "C105")
        for kind in ("fail", "pass")]


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.name}")
def test_case_c_codes(path: Path) -> None:
    """The C-codes of each case's `# expect:` line (the full list also names F/I/T/W codes)."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    stated = [] if first == "# expect: nothing" else [
        (code, f"{line_col}") for code, line_col in
        (item.strip().split(" ") for item in first.removeprefix("# expect: ").split(","))]
    shown = path.relative_to(ROOT).as_posix()
    result = check([load_file(path, shown)], SiteConfig())
    got = [(d.code, f"{d.line}:{d.column}") for d in result.diagnostics if d.code.startswith("C")]
    assert got == [item for item in stated if item[0].startswith("C")]
    code, kind = path.parent.parent.name, path.parent.name
    assert (code in [c for c, _ in got]) == (kind == "fail")
