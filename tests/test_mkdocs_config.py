"""`mkdocs-config` and the pull-request options: clear Chinese errors, the site_url warning."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli.main import main
from tests.conftest import CONTENT, ROOT


def _content(tmp_path: Path, extra: str = "", site_url: str = "http://127.0.0.1:8000/") -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "site.yaml").write_text(f"title: 测试站\nsite_url: {site_url}\n{extra}", encoding="utf-8")
    return content


def _config(tmp_path: Path, content: Path, *extra: str) -> int:
    return main(["mkdocs-config", "--content", str(content), "--base", str(ROOT / "mkdocs.yml"),
                 "--docs", str(tmp_path / "build" / "docs"), "--out",
                 str(tmp_path / "build" / "mkdocs.yml"), "--site-dir",
                 str(tmp_path / "build" / "site"), *extra])


def test_the_derived_configuration(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = _content(tmp_path, site_url="https://jixiao.example.gov.cn/")
    assert _config(tmp_path, content) == 0
    assert capsys.readouterr().err == ""  # a public address: no warning
    text = (tmp_path / "build" / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_name: "测试站"' in text and 'site_url: "https://jixiao.example.gov.cn/"' in text
    assert 'docs_dir: "docs"' in text and 'site_dir: "site"' in text and "hooks: []" in text
    inherit = text.split('INHERIT: "', 1)[1].split('"', 1)[0]
    assert (tmp_path / "build" / inherit).resolve() == (ROOT / "mkdocs.yml").resolve()
    custom = text.split('custom_dir: "', 1)[1].split('"', 1)[0]
    assert (tmp_path / "build" / custom).resolve() == (ROOT / "theme").resolve()


def test_local_default_warns_in_text_and_as_an_annotation(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = _content(tmp_path)
    assert _config(tmp_path, content) == 0
    assert "site_url 仍是本机预览地址" in capsys.readouterr().err
    assert _config(tmp_path, content, "--format", "github") == 0
    out = capsys.readouterr().out
    assert out.startswith(f"::warning file={content.as_posix()}/site.yaml,line=2,title=site_url::")


def test_favicon_errors_are_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = _content(tmp_path, "favicon: ../secret.png\n")
    assert _config(tmp_path, content) == 1
    assert "favicon 不是可用的图标路径" in capsys.readouterr().err
    (content / "site.yaml").write_text("title: 测试站\nfavicon: logo.png\n", encoding="utf-8")
    assert _config(tmp_path, content) == 1
    assert "找不到 favicon 指定的文件" in capsys.readouterr().err


def test_changed_since_and_fail_on_refuse_bad_input(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["validate", str(CONTENT), "--changed-since", "no-such-branch"]) == 2
    assert "找不到版本 no-such-branch" in capsys.readouterr().err
    plain = _content(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert main(["validate", str(plain), "--changed-since", "main"]) == 2
    assert "无法列出改动的文件" in capsys.readouterr().err
    with pytest.raises(SystemExit) as raised:
        main(["diff", "HEAD", "--fail-on", "h101"])
    assert raised.value.code == 2
    assert "应为逗号分隔的规则代码" in capsys.readouterr().err
