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


CHECKOUT = "actions/checkout@11d5960a326750d5838078e36cf38b85af677262"


def test_validate_workflow() -> None:
    workflow = load(".github/workflows/validate.yml")
    assert list(workflow["on"]) == ["pull_request"]
    found = steps(workflow, "validate")
    assert found[0] == {"uses": CHECKOUT, "with": {"fetch-depth": 0}}
    runs = [s["run"] for s in found if "run" in s]
    assert runs == [
        'make setup-site && echo "$PWD/.venv/bin" >> "$GITHUB_PATH"',
        "jixiao mkdocs-config --format github",
        'jixiao validate content --format github --changed-since "origin/$BASE_REF"',
        'jixiao diff "origin/$BASE_REF" HEAD --format github --fail-on H101',
        'jixiao diff "origin/$BASE_REF" HEAD --format markdown >> "$GITHUB_STEP_SUMMARY"',
    ]
    assert workflow["jobs"]["validate"]["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert [s.get("if") for s in found[-2:]] == ["always()", "always()"]


def test_actions_are_pinned_by_commit() -> None:
    for name in ("validate", "publish"):
        text = (ROOT / f".github/workflows/{name}.yml").read_text(encoding="utf-8")
        uses = re.findall(r"uses: (\S+)", text)
        assert uses and all(re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", u) for u in uses), uses


def test_publish_workflow() -> None:
    workflow = load(".github/workflows/publish.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    build = steps(workflow, "build")
    assert build[0] == {"uses": CHECKOUT, "with": {"fetch-depth": 0}}
    assert [(s.get("run") or s["uses"]).split("@")[0] for s in build[1:]] == [
        "actions/setup-python", "make site SITE_CHECK_FORMAT=github",
        "actions/upload-pages-artifact"]
    assert build[-1]["with"] == {"path": "site/"}
    assert [s["uses"].split("@")[0] for s in steps(workflow, "deploy")] == ["actions/deploy-pages"]


def test_readme_documents_them() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for text in ("## 更正与历史", "## Pull-request review", "## pre-commit",
                 "- id: validate-records", "entry `python -m generator validate`",
                 r"`^content/records/.*\.ya?ml$`", "`.github/workflows/validate.yml`",
                 "`.github/workflows/publish.yml`",
                 'jixiao validate content --format github --changed-since "origin/$BASE_REF"',
                 'jixiao diff "origin/$BASE_REF" HEAD --format github --fail-on H101'):
        assert text in readme, text
