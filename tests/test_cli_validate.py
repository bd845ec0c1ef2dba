"""The `validate` command line: formats, exit codes, and one bad record hiding no other."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CONTENT, LIVE_CONTENT, ROOT, SEED_HOME


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


def test_seed_content_has_no_errors() -> None:
    result = run("validate", "content", "--format", "json", cwd=SEED_HOME)
    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads(result.stdout)
    assert document["summary"]["errors"] == 0
    assert document["summary"]["files"] == 4


def test_published_content_has_no_errors() -> None:
    # the repository's own content/, whatever it holds: every record validates without errors
    result = run("validate", "content", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads(result.stdout)
    assert document["summary"]["errors"] == 0
    assert document["summary"]["files"] == len(list((LIVE_CONTENT / "records").rglob("*.y*ml")))


def test_weight_abc_gives_one_error_and_others_still_checked(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    target = content / "records" / "2021" / "2021-cj-coal-network-ops.yaml"
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line == "    weight: 10\n")
    lines[index] = "    weight: abc\n"
    target.write_text("".join(lines), encoding="utf-8")
    result = run("validate", str(content), "--format", "json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    errors = [d for d in document["diagnostics"] if d["severity"] == "error"]
    assert [(e["code"], e["line"], e["column"]) for e in errors] == [("S102", index + 1, 13)]
    assert "abc" in errors[0]["message"] and "分值" in errors[0]["message"]
    assert document["summary"]["files"] == 4
    assert document["summary"]["records"] == 3
    assert "Traceback" not in result.stderr


def test_schema_command_prints_the_schema() -> None:
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "项目支出绩效自评表记录"
    assert (ROOT / "generator" / "schema" / "record.schema.json").read_text(encoding="utf-8") == result.stdout


def test_unknown_explain_code_exits_2() -> None:
    result = run("explain", "Z999")
    assert result.returncode == 2
    assert "未知的规则代码" in result.stderr


def test_missing_path_exits_2() -> None:
    result = run("validate", "no-such-folder")
    assert result.returncode == 2


def test_every_record_declares_the_schema() -> None:
    for path in sorted((CONTENT / "records").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../../generator/schema/record.schema.json"


def test_many_files_are_checked_by_the_loading_workers_with_the_same_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    from generator.cli.main import main
    from generator.read import parallel
    from generator.rules import check as check_module

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    target = content / "records" / "2021" / "2021-cj-coal-network-ops.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("  weight: 10\n", "  weight: abc\n", 1),
                      encoding="utf-8")
    assert main(["validate", str(content), "--format", "json"]) == 1
    serial = capsys.readouterr().out
    where = tmp_path / "pids"
    original = check_module._check_record

    def noted(*args: object) -> object:
        with open(where, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(check_module, "_check_record", noted)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    assert main(["validate", str(content), "--format", "json"]) == 1
    assert capsys.readouterr().out == serial
    pids = where.read_text(encoding="utf-8").split()
    assert len(pids) == 3 and str(os.getpid()) not in pids  # the three sound records, elsewhere
