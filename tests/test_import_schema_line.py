"""Imported records point their editor at the schema's public address once the site has one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli.main import main
from tests.conftest import CONTENT, SEED

PUBLIC = "https://jixiao.example.gov.cn/"
LINE = "# yaml-language-server: $schema="


def _content(folder: Path, site_url: str) -> Path:
    folder.mkdir()
    (folder / "site.yaml").write_text(f"title: 测试\nsite_url: {site_url}\n", encoding="utf-8")
    return folder


def test_new_records_get_the_public_address(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    content = _content(tmp_path / "site", PUBLIC)
    assert main(["import", str(SEED), "--out", str(content), "--content", "none"]) == 0
    written = sorted((content / "records" / "2021").glob("*.yaml"))
    assert len(written) == 4
    for file in written:
        first = file.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"{LINE}{PUBLIC}schema/record.schema.json"


def test_the_local_default_keeps_the_repository_path_and_existing_files_keep_theirs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    local = _content(tmp_path / "local", "http://127.0.0.1:8000/")
    assert main(["import", str(SEED), "--out", str(local), "--content", "none"]) == 0
    first = next((local / "records" / "2021").glob("*.yaml")).read_text("utf-8").splitlines()[0]
    assert first == f"{LINE}../../../generator/schema/record.schema.json"
    # content/ keeps its repository-relative line when its site gets a public address
    public = tmp_path / "public"
    shutil.copytree(CONTENT, public)
    (public / "site.yaml").write_text(f"title: 测试\nsite_url: {PUBLIC}\n", encoding="utf-8")
    assert main(["import", str(SEED), "--out", str(public)]) == 0  # every record unchanged
