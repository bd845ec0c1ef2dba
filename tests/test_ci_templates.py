"""The CI templates and the pre-commit hook parse, and say what the README says."""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import YAML

from tests.conftest import ROOT


def load(path: str) -> Any:
    return YAML(typ="safe").load((ROOT / path).read_text(encoding="utf-8"))


def steps(workflow: Any, job: str) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = workflow["jobs"][job]["steps"]
    return result


def test_pre_commit_hook() -> None:
    hooks = load(".pre-commit-hooks.yaml")
    assert [(h["id"], h["entry"], h["language"], h["files"]) for h in hooks] == [
        ("validate-records", "python -m generator validate", "python", r"^content/records/.*\.ya?ml$")]
    pattern = re.compile(hooks[0]["files"])
    assert pattern.search("content/records/2021/2021-a.yaml")
    assert pattern.search("content/records/2021/2021-a.yml")
    assert not pattern.search("content/site.yaml")


def test_validate_workflow() -> None:
    workflow = load(".github/workflows/validate.yml")
    assert list(workflow["on"]) == ["pull_request"]
    found = steps(workflow, "validate")
    assert found[0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    runs = [s["run"] for s in found if "run" in s]
    assert runs == [
        "pip install .",
        "python -m generator validate content --format github",
        'python -m generator diff "origin/$BASE_REF" HEAD --format markdown >> "$GITHUB_STEP_SUMMARY"',
    ]
    assert found[-1]["env"] == {"BASE_REF": "${{ github.base_ref }}"}


def test_publish_workflow() -> None:
    workflow = load(".github/workflows/publish.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    build = steps(workflow, "build")
    assert build[0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    assert [s.get("run") or s["uses"] for s in build[1:]] == [
        "actions/setup-python@v5", "make site", "actions/upload-pages-artifact@v3"]
    assert build[-1]["with"] == {"path": "site/"}
    assert [s["uses"] for s in steps(workflow, "deploy")] == ["actions/deploy-pages@v4"]


def test_readme_documents_them() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for text in ("## 更正与历史", "## Pull-request review", "## pre-commit",
                 "- id: validate-records", "entry `python -m generator validate`",
                 r"`^content/records/.*\.ya?ml$`", "`.github/workflows/validate.yml`",
                 "`.github/workflows/publish.yml`",
                 "python -m generator validate content --format github",
                 'python -m generator diff "origin/$BASE_REF" HEAD --format markdown >> "$GITHUB_STEP_SUMMARY"'):
        assert text in readme, text
