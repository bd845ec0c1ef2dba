"""MkDocs hooks: settings from site.yaml (escaped), regeneration only under `mkdocs serve`."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.site import mkdocs_hooks
from tests.sitebuild import CONTENT, ROOT


@pytest.fixture
def state() -> Iterator[None]:
    saved = dict(mkdocs_hooks._state)
    yield
    mkdocs_hooks._state.update(saved)


def test_on_config_takes_name_and_url_from_the_generated_settings(tmp_path: Path) -> None:
    (tmp_path / ".site.json").write_text(json.dumps(
        {"site_name": "<b>公开</b>", "site_url": "https://example.org/jx/", "publisher": "",
         "region": ""}), encoding="utf-8")
    config = mkdocs_hooks.on_config({"docs_dir": str(tmp_path), "site_name": "x", "site_url": "y"})
    assert config == {"docs_dir": str(tmp_path), "site_name": "&lt;b&gt;公开&lt;/b&gt;",
                      "site_url": "https://example.org/jx/"}


def test_on_config_keeps_the_defaults_without_settings(tmp_path: Path) -> None:
    config = {"docs_dir": str(tmp_path), "site_name": "默认", "site_url": "http://127.0.0.1:8000/"}
    assert mkdocs_hooks.on_config(dict(config)) == config


def test_serve_regenerates_when_content_changes_and_only_then(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, state: None) -> None:
    content, docs = tmp_path / "content", tmp_path / "docs"
    shutil.copytree(CONTENT, content)
    monkeypatch.setenv("JX_CONTENT", str(content))
    monkeypatch.chdir(ROOT)
    config = {"docs_dir": str(docs), "config_file_path": str(ROOT / "mkdocs.yml")}
    mkdocs_hooks.on_startup(command="build", dirty=False)
    mkdocs_hooks.on_pre_build(config)
    assert not docs.exists()
    mkdocs_hooks.on_startup(command="serve", dirty=False)
    mkdocs_hooks.on_pre_build(config)
    page = docs / "records" / "2021" / "2021-cj-coal-network-ops.md"
    assert "昌吉州煤矿安全综合联网监控系统运维工作经费" in page.read_text(encoding="utf-8")
    page.write_text("手工改动\n", encoding="utf-8")
    mkdocs_hooks.on_pre_build(config)  # content unchanged: nothing regenerated
    assert page.read_text(encoding="utf-8") == "手工改动\n"
    record = content / "records" / "2021" / "2021-cj-coal-network-ops.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace(
        "title: 昌吉州煤矿安全综合联网监控系统运维工作经费", "title: 改过的标题"), encoding="utf-8")
    mkdocs_hooks.on_pre_build(config)
    assert '<h1 id="top">改过的标题</h1>' in page.read_text(encoding="utf-8")


def test_serve_keeps_the_pages_when_a_record_breaks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, state: None,
        caplog: pytest.LogCaptureFixture) -> None:
    content, docs = tmp_path / "content", tmp_path / "docs"
    shutil.copytree(CONTENT, content)
    record = content / "records" / "2021" / "2021-cj-coal-network-ops.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("  weight: 10\n", "  weight: abc\n", 1),
                      encoding="utf-8")
    monkeypatch.setenv("JX_CONTENT", str(content))
    docs.mkdir()
    (docs / "index.md").write_text("上一次\n", encoding="utf-8")
    mkdocs_hooks.on_startup(command="serve", dirty=False)
    mkdocs_hooks.on_pre_build({"docs_dir": str(docs), "config_file_path": str(ROOT / "mkdocs.yml")})
    assert [p.name for p in docs.iterdir()] == ["index.md"]
    assert caplog.messages[-1] == "有 1 个错误，未重新生成；修正后预览自动更新。"
    assert "S102" in caplog.messages[0]
