"""The published JSON Schemas hold for the real output of validate, score, diff and the downloads."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from generator.cli.main import main
from generator.site.schemafiles import SCHEMAS, schema_tree, shipped_text
from tests.conftest import ROOT
from tests.sitebuild import CONTENT, build_docs
from tests.test_pr_check import OLD, _pull_request


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads(shipped_text(name))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _run(*argv: str) -> Any:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(list(argv))
    return json.loads(out.getvalue())


def _errors(name: str, document: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in _validator(name).iter_errors(document)]


def test_validate_json() -> None:
    document = _run("validate", str(CONTENT), "--format", "json")
    assert document["diagnostics"], "the seed has findings: the schema must see some"
    assert _errors("validate", document) == []
    broken = {**document, "diagnostics": [{**document["diagnostics"][0], "line": 0}]}
    assert _errors("validate", broken)  # the schema can fail


def test_score_json() -> None:
    document = _run("score", str(CONTENT), "--format", "json")
    assert len(document["records"]) == 4
    assert _errors("score", document) == []
    document["records"][0]["computed"]["total"] = 99.04  # a float instead of exact text
    assert _errors("score", document)


@pytest.mark.slow
def test_diff_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _pull_request(tmp_path, (OLD, OLD.replace("score: 5", "score: 10")))
    monkeypatch.chdir(repo)
    document = _run("diff", "origin/main", "HEAD", "--format", "json")
    assert document["records"][0]["changes"] and document["records"][0]["findings"]["appeared"]
    assert _errors("diff", document) == []


def test_downloads_json(tmp_path: Path) -> None:
    assert build_docs(CONTENT, tmp_path / "docs") == 0
    for file in sorted((tmp_path / "docs" / "data").glob("records-*.json")):
        document = json.loads(file.read_text(encoding="utf-8"))
        assert document["records"]
        assert _errors("records", document) == [], file.name


def test_every_record_file_matches_the_record_schema() -> None:
    from ruamel.yaml import YAML

    validator = _validator("record")
    for file in sorted((ROOT / "content" / "records").rglob("*.yaml")):
        data = json.loads(json.dumps(YAML(typ="safe").load(file.read_text(encoding="utf-8")),
                                     default=str))
        assert [e.message for e in validator.iter_errors(data)] == [], file


def test_published_schemas_carry_their_public_address() -> None:
    tree = schema_tree("https://jixiao.example.gov.cn/pub/")
    assert sorted(tree) == [f"schema/{name}.schema.json" for name in sorted(SCHEMAS)]
    for name in SCHEMAS:
        published = json.loads(tree[f"schema/{name}.schema.json"])
        assert published["$id"] == f"https://jixiao.example.gov.cn/pub/schema/{name}.schema.json"
        assert {k: v for k, v in published.items() if k != "$id"} == {
            k: v for k, v in json.loads(shipped_text(name)).items() if k != "$id"}
