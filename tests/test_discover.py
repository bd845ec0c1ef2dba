"""`discover` and `display_paths` find and name record files as pathlib's rglob and
`display_path` would, file by file (they walk with os.scandir and place each folder once)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.read.load import discover, display_path, display_paths, record_files


def _rglob_discover(paths: list[Path]) -> list[Path]:
    """The reference: what `discover` did with `Path.rglob` before it walked with scandir."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            base = path / "records" if (path / "records").is_dir() else path
            found.update(p for p in base.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            found.add(path)
    return sorted(found)


def _tree(root: Path) -> Path:
    records = root / "content" / "records"
    for name in ("2021/a.yaml", "2021/b.yml", "2021/.hidden.yaml", "2021/.yaml", "2021/..yaml",
                 "2021/c.yaml.bak", "2021/d.YAML", "2021/e.", "a/b.yaml", "a-c.yaml", "a b/x.yaml",
                 "2022/sub/deep/f.yaml", "2022/测试 记录.yaml", ".git/g.yaml"):
        (records / name).parent.mkdir(parents=True, exist_ok=True)
        (records / name).write_text("x", encoding="utf-8")
    (records / "dir.yaml").mkdir()
    outside = root / "elsewhere"
    outside.mkdir()
    (outside / "out.yaml").write_text("x", encoding="utf-8")
    os.symlink(outside, records / "linked")  # a linked folder is not entered
    os.symlink(outside, records / "linked.yaml")  # nor taken for a file
    os.symlink(outside / "out.yaml", records / "2021/link.yaml")  # a link to a file is kept
    os.symlink(root / "missing.yaml", records / "2021/broken.yaml")  # a broken link is not
    (root / "content" / "site.yaml").write_text("x", encoding="utf-8")
    return root / "content"


def test_discover_finds_what_rglob_finds_in_its_order(tmp_path: Path) -> None:
    content = _tree(tmp_path)
    records = content / "records"
    for paths in ([content], [records], [records / "2021"], [records, records / "a-c.yaml"],
                  [records / "2021" / "a.yaml", records / "2022"], [tmp_path / "elsewhere"]):
        assert discover(paths) == _rglob_discover(paths)
    found = [p.relative_to(records).as_posix() for p in discover([content])]
    assert "2021/link.yaml" in found and "a/b.yaml" in found and ".git/g.yaml" in found
    assert found.index("a/b.yaml") < found.index("a-c.yaml")  # by components, not by text
    assert not {"2021/.yaml", "2021/broken.yaml", "dir.yaml", "linked.yaml"} & set(found)


@pytest.mark.parametrize("relative", [True, False])
def test_display_paths_name_each_file_as_display_path(tmp_path: Path, relative: bool,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    content = _tree(tmp_path / "work")
    monkeypatch.chdir(tmp_path / "work" if relative else tmp_path / "work" / "elsewhere")
    paths = [Path("content") if relative else content]
    files = discover(paths)
    assert files
    assert display_paths(files) == [display_path(file) for file in files]
    assert record_files(paths) == list(zip(files, display_paths(files), strict=True))
    if relative:
        assert "content/records/2021/a.yaml" in display_paths(files)
        # a link is named by its target, as display_path resolves it
        assert "elsewhere/out.yaml" in display_paths(files)
