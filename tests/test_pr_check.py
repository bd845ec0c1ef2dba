"""The pull-request workflow's own commands, run on a real git repository (issue 15, item 3).

A pull request changes a published score without a `corrections:` entry: the check fails, with
exactly one annotation on that line (an H101 error), no annotation on records it did not change,
and the score diff in the job summary.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT

RECORD = "content/records/2021/2021-cj-coal-network-ops.yaml"
OLD = "    actual: 2次\n    weight: 10\n    score: 5\n"
"""数据接口接入: met its target (>=2次, 2次) yet scored 5 of 10 (I108)."""
ANNOTATION = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$", re.M)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=审核员", "-c", "user.email=a@example.org", *args],
                   cwd=repo, check=True, capture_output=True)


def _steps() -> list[dict[str, Any]]:
    workflow = YAML(typ="safe").load((ROOT / ".github/workflows/validate.yml").read_text("utf-8"))
    steps: list[dict[str, Any]] = workflow["jobs"]["validate"]["steps"]
    return [s for s in steps if "run" in s and not s["run"].startswith("make setup-site")]


def _pull_request(tmp_path: Path, change: tuple[str, str] | None) -> Path:
    """Return a repository: main with the seed content, HEAD a pull request with `change`."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "content", repo / "content")
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "published", "--date", "2022-08-31T10:00:00+08:00")
    _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")  # as actions/checkout fetches it
    _git(repo, "checkout", "-q", "-b", "pr")
    if change is not None:
        record = repo / RECORD
        text = record.read_text(encoding="utf-8")
        assert text.count(change[0]) == 1
        record.write_text(text.replace(change[0], change[1]), encoding="utf-8")
        _git(repo, "commit", "-q", "-am", "pull request")
    return repo


def _run_workflow(repo: Path) -> tuple[list[int], str, str]:
    """Run every step after the install, as GitHub would; return exit codes, output, summary."""
    summary = repo.parent / "summary.md"
    summary.write_text("", encoding="utf-8")
    env = {**os.environ, "BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(summary),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    codes, output = [], []
    for step in _steps():
        done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env,
                              capture_output=True, text=True, check=False)
        assert "Traceback" not in done.stderr, done.stderr
        codes.append(done.returncode)
        output.append(done.stdout)
    return codes, "".join(output), summary.read_text(encoding="utf-8")


def _annotations(output: str) -> list[tuple[str, dict[str, str], str]]:
    found = []
    for level, props, message in ANNOTATION.findall(output):
        fields = dict(item.split("=", 1) for item in props.split(",") if "=" in item)
        found.append((level, fields, message))
    return found


def _line_of(repo: Path, block: str) -> int:
    """Return the line number of the last line of `block` in the record."""
    text = (repo / RECORD).read_text(encoding="utf-8")
    return text[:text.index(block)].count("\n") + block.count("\n")


@pytest.mark.slow
def test_a_score_changed_without_a_correction_fails_with_one_annotation_on_its_line(
        tmp_path: Path) -> None:
    # 数据接口接入: met its target yet scored 5 of 10 (I108); the pull request quietly makes it 10
    old, new = OLD, OLD.replace("score: 5", "score: 10")
    repo = _pull_request(tmp_path, (old, new))
    line = _line_of(repo, new)
    codes, output, summary = _run_workflow(repo)
    assert any(codes), "the check must fail"
    assert codes[-2] == 1  # the H101 step; the job summary step still ran
    found = _annotations(output)
    on_line = [a for a in found if a[1].get("file") == RECORD and a[1].get("line") == str(line)]
    assert len(on_line) == 1, output
    level, fields, message = on_line[0]
    assert (level, fields["title"]) == ("error", "H101 须更正说明")
    assert "由 5 改为 10" in message
    # annotations only where the pull request changed something (site.yaml: the site_url warning)
    assert {a[1].get("file") for a in found if "file" in a[1]} == {RECORD, "content/site.yaml"}
    assert any(level == "notice" and "未改动" in msg for level, _, msg in found)
    assert "5 | 10" in summary and "复核" in summary


@pytest.mark.slow
def test_a_correction_with_its_entry_passes(tmp_path: Path) -> None:
    repo = _pull_request(tmp_path, None)
    record = repo / RECORD
    text = record.read_text(encoding="utf-8").replace(OLD, OLD.replace("score: 5", "score: 10"))
    assert "\ncorrections:" not in text
    text += "corrections:\n  - date: 2022-10-05\n    reason: 指标已达成，按评价工作底稿更正为满分。\n"
    record.write_text(text, encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "correction")
    codes, output, _ = _run_workflow(repo)
    assert codes == [0] * len(codes), output
    assert not [a for a in _annotations(output) if a[0] == "error"]


@pytest.mark.slow
def test_an_error_fails_the_check_and_is_annotated(tmp_path: Path) -> None:
    repo = _pull_request(tmp_path, (OLD, OLD.replace("weight: 10", "weight: 十分")))
    codes, output, _ = _run_workflow(repo)
    assert codes[1] == 1  # validate: an error anywhere fails
    errors = [a for a in _annotations(output) if a[0] == "error"]
    assert errors and all(a[1]["file"] == RECORD for a in errors)
    assert _line_of(repo, OLD.replace("weight: 10", "weight: 十分").rsplit("\n", 2)[0] + "\n") \
        in {int(a[1]["line"]) for a in errors}
