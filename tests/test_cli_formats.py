"""`validate` output formats (text, json, github), exit codes 0/1/2, --strict and raise_to_error."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

CASE = ROOT / "tests" / "cases" / "T101" / "fail" / "declared-100.yaml"
FILE = "content/records/2021/declared-100.yaml"
MESSAGE = "总分印为 100.00，而预算执行得分与各指标得分之和为 99.04。"
HINT = "总分 = 预算执行得分 + 各指标得分；请核对原表。"
# The same total also differs from the recomputation (C104, generator/rules/recomputation.py).
C104_MESSAGE = ("总分报告为 100.00，复核为 99.04，相差 -0.96。"
                "总分 = 资金得分 9.04 + 指标得分合计 90.00 = 99.04。")
C104_HINT = ("公开数字按原样保留并与复核结果并列显示；如原表确有错误，请按更正流程修改并在 corrections "
             "中说明。")
C104_TEXT = f"{FILE}:57:29: warning C104 {C104_MESSAGE} 提示：{C104_HINT}\n"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Return a content tree holding one record with two warnings (C104 and T101 at 57:29)."""
    folder = tmp_path / "content" / "records" / "2021"
    folder.mkdir(parents=True)
    shutil.copy(CASE, folder / "declared-100.yaml")
    (tmp_path / "content" / "site.yaml").write_text("title: 测试\n", encoding="utf-8")
    return tmp_path


def test_text_format(tree: Path) -> None:
    result = run(tree, "validate", "content")
    assert result.returncode == 0
    assert result.stdout == (C104_TEXT + f"{FILE}:57:29: warning T101 {MESSAGE} 提示：{HINT}\n"
                             "检查了 1 个文件，1 条记录可发布：0 个错误，2 个警告，0 个提示。\n")
    assert result.stderr == ""


def test_json_format(tree: Path) -> None:
    result = run(tree, "validate", "content", "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == {
        "diagnostics": [{"code": "C104", "severity": "warning", "file": FILE, "line": 57,
                         "column": 29, "pointer": "total.score", "message": C104_MESSAGE,
                         "hint": C104_HINT, "expected": "99.04", "actual": "100.00",
                         "difference": "-0.96"},
                        {"code": "T101", "severity": "warning", "file": FILE, "line": 57,
                         "column": 29, "pointer": "total.score", "message": MESSAGE, "hint": HINT,
                         "expected": "99.04", "actual": "100.00"}],
        "summary": {"files": 1, "records": 1, "errors": 0, "warnings": 2, "infos": 0},
    }


def test_github_format(tree: Path) -> None:
    result = run(tree, "validate", "content", "--format", "github")
    assert result.returncode == 0
    assert result.stdout == (
        f"::warning file={FILE},line=57,col=29,title=C104 警告::{C104_MESSAGE} 提示：{C104_HINT}\n"
        f"::warning file={FILE},line=57,col=29,title=T101 警告::{MESSAGE} 提示：{HINT}\n"
        "检查了 1 个文件：0 个错误，2 个警告，0 个提示。\n")


def test_strict_fails_on_warnings(tree: Path) -> None:
    assert run(tree, "validate", "content", "--strict").returncode == 1


def test_raise_to_error_in_site_yaml(tree: Path) -> None:
    (tree / "content" / "site.yaml").write_text("raise_to_error: [T101]\n", encoding="utf-8")
    result = run(tree, "validate", "content")
    assert result.returncode == 1
    assert result.stdout.startswith(C104_TEXT + f"{FILE}:57:29: error T101 ")
    assert result.stdout.endswith("检查了 1 个文件，0 条记录可发布：1 个错误，1 个警告，0 个提示。\n")


def test_errors_exit_1_and_other_files_are_still_checked(tree: Path) -> None:
    broken = tree / "content" / "records" / "2021" / "broken.yaml"
    broken.write_text("- 不是一条记录\n", encoding="utf-8")
    result = run(tree, "validate", "content")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/records/2021/broken.yaml:1:1: error Y009 文件内容是列表，而一条记录应是键值映射"
        "（schema_version:、id: …）。 提示：每个文件只放一张自评表，顶层写字段名和值。",
        C104_TEXT.rstrip("\n"),
        f"{FILE}:57:29: warning T101 {MESSAGE} 提示：{HINT}",
        "检查了 2 个文件，1 条记录可发布：1 个错误，2 个警告，0 个提示。",
    ]


def test_clean_record_exits_0_even_strict(tree: Path) -> None:
    shutil.copy(ROOT / "tests" / "cases" / "T101" / "pass" / "declared-sum.yaml",
                tree / "content" / "records" / "2021" / "declared-sum.yaml")
    (tree / "content" / "records" / "2021" / "declared-100.yaml").unlink()
    result = run(tree, "validate", "content", "--strict")
    assert (result.returncode, result.stdout) == (
        0, "检查了 1 个文件，1 条记录可发布：0 个错误，0 个警告，0 个提示。\n")


@pytest.mark.parametrize("args", [["validate", "missing"], ["validate", "--format", "xml"],
                                  ["explain", "Z999"], ["no-such-command"]])
def test_usage_errors_exit_2(tree: Path, args: list[str]) -> None:
    result = run(tree, *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_explain_prints_one_rule(tree: Path) -> None:
    result = run(tree, "explain", "i105")
    assert result.returncode == 0
    assert result.stdout.startswith("I105 指标值与完成值单位一致\n类别：绩效指标\n警告：")
    assert "不通过：\n    target: \"=30矿次\"，actual: 30份\n" in result.stdout


def test_explain_without_code_lists_all(tree: Path) -> None:
    result = run(tree, "explain")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "C103  警告  复核计分  指标得分与复核结果不符"
    assert "F101  警告  项目资金  资金合计行等于各来源之和" in lines
