"""`python -m generator build`: refuses on errors and writes nothing, else writes atomically."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.sitebuild import CONTENT, build_docs


def _broken_content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    target = content / "records" / "2021" / "2021-cj-coal-network-ops.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("  weight: 10\n", "  weight: abc\n", 1), encoding="utf-8")
    return content


def test_build_writes_every_page_and_download(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    assert build_docs(CONTENT, out) == 0
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    records = [f"records/2021/{p.stem}.md" for p in sorted((CONTENT / "records/2021").glob("*.yaml"))]
    downloads = [f"data/records-{group}{kind}" for group in ("2021", "all")
                 for kind in ("-indicators.csv", ".csv", ".json", ".xlsx")]
    assert files == sorted([
        ".site.json", "index.md", "years/index.md", "years/2021/index.md",
        "years/2021/charts/index.md", "years/2021/signals/index.md", "departments/index.md",
        "departments/dcfa69670de/index.md", "method/index.md", "data/index.md",
        "corrections/index.md", "feed.xml", "departments/dcfa69670de/feed.xml",
        "data/record.schema.json", "sources/000_f18801941a00c253.txt", *downloads, *records,
        *(f"schema/{name}.schema.json" for name in ("diff", "record", "records", "score", "validate"))])


def test_build_refuses_on_an_error_and_leaves_the_previous_tree(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "previous.md").write_text("上一次的内容\n", encoding="utf-8")
    assert build_docs(_broken_content(tmp_path), out) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "docs"]
    assert [p.name for p in out.iterdir()] == ["previous.md"]
    err = capsys.readouterr().err
    assert "error S102" in err
    assert err.endswith(f"有 1 个错误，未生成网站；{out} 保持原样。\n")


def test_build_replaces_the_previous_tree_and_leaves_no_temporary_folder(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "stale.md").write_text("旧页面\n", encoding="utf-8")
    (out / ".site.json").write_text("{}\n", encoding="utf-8")  # a previous build
    assert build_docs(CONTENT, out) == 0
    assert not (out / "stale.md").exists()
    assert (out / "index.md").is_file()
    # beside it: the caches, its manifest, and the replaced tree kept as the next build's spare
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", ".docs.manifest", ".docs.spare",
                                                          "docs"]
    assert (tmp_path / ".docs.spare" / "stale.md").is_file()


def test_two_builds_give_identical_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert build_docs(CONTENT, first) == 0
    assert build_docs(CONTENT, second) == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative


def test_missing_content_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build_docs(tmp_path / "nowhere", tmp_path / "docs") == 2
    assert capsys.readouterr().err == f"找不到内容文件夹：{tmp_path / 'nowhere'}\n"
    assert not (tmp_path / "docs").exists()
