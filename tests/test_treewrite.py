"""The tree writer's spare tree and manifest (issue 16): a rebuild keeps what it may, never
trusts what it cannot check, and always leaves exactly the files it was given."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from generator.site.outguard import GENERATED_MARK
from generator.site.treewrite import manifest_of, spare_of, write_tree


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink()}


def _files(version: int) -> dict[str, bytes]:
    files = {GENERATED_MARK: b"{}", "index.md": f"home {version}".encode()}
    for n in range(6):
        files[f"records/2021/r{n}/index.md"] = f"record {n}".encode()
    files[f"records/2022/v{version}/index.md"] = f"only in {version}".encode()
    files["data/all.csv"] = f"rows {version}".encode()
    return files


def _two_builds(tmp_path: Path, identified: bool = False) -> Path:
    """Write versions 1 and 2 into `tmp_path/docs`: the first is then the spare."""
    out = tmp_path / "docs"
    for version in (1, 2):
        write_tree(out, Identified(_files(version)) if identified else _files(version))
    return out


class Identified(Mapping[str, bytes]):
    """Files with identities; reading one listed in `forbidden` fails the test."""

    def __init__(self, files: dict[str, bytes], forbidden: frozenset[str] = frozenset()) -> None:
        self.files, self.forbidden = files, forbidden
        self.read: list[str] = []

    def __getitem__(self, path: str) -> bytes:
        assert path not in self.forbidden, f"{path} was read though its identity was kept"
        self.read.append(path)
        return self.files[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

    def identity(self, path: str) -> str | None:
        return "test:" + self.files[path].decode()


def test_each_build_leaves_exactly_its_files_and_keeps_the_replaced_tree_as_spare(
        tmp_path: Path) -> None:
    out = tmp_path / "docs"
    for version in range(1, 5):
        write_tree(out, _files(version))
        assert _tree(out) == _files(version)
        if version > 1:  # the tree before is the spare, exactly as it was written
            assert _tree(spare_of(out)) == _files(version - 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".docs.manifest", ".docs.spare", ".docs.spare.manifest", "docs"]


def test_an_unchanged_file_of_the_spare_is_kept_and_never_read(tmp_path: Path) -> None:
    out = _two_builds(tmp_path, identified=True)
    kept = "records/2021/r3/index.md"
    inode = (spare_of(out) / kept).stat().st_ino  # the first tree, now the spare
    files = Identified(_files(3), forbidden=frozenset({kept, GENERATED_MARK}))
    write_tree(out, files)
    assert _tree(out) == _files(3)
    assert (out / kept).stat().st_ino == inode  # the spare's own file, kept where it was
    assert "data/all.csv" in files.read and "index.md" in files.read  # changed: written


def test_an_unchanged_file_of_the_previous_tree_is_linked_without_reading_it(
        tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree(out, Identified(_files(1)))
    kept = "records/2021/r0/index.md"
    inode = (out / kept).stat().st_ino
    write_tree(out, Identified(_files(2), forbidden=frozenset({kept})))  # no spare yet: linked from out
    assert (out / kept).stat().st_ino == inode
    assert _tree(out) == _files(2)


def test_what_was_changed_in_the_spare_is_written_again(tmp_path: Path) -> None:
    out = _two_builds(tmp_path, identified=True)
    spare = spare_of(out)
    (spare / "records/2021/r1/index.md").write_bytes(b"edited by hand")  # same size or not
    (spare / "records/2021/r2/index.md").unlink()
    (spare / "records/2021/stray.md").write_bytes(b"not ours")
    (spare / "records/2021/r4").rename(tmp_path / "moved")
    (spare / "records/2021/r4").mkdir()
    (spare / "records/2021/r4/index.md").write_bytes(b"record 4")  # the same bytes, a new file
    write_tree(out, Identified(_files(3)))
    assert _tree(out) == _files(3)


def test_a_link_in_the_spare_is_never_written_through(tmp_path: Path) -> None:
    out = _two_builds(tmp_path)
    spare = spare_of(out)
    outside = tmp_path / "outside"
    outside.mkdir()
    for name in ("records/2021/r5", "data"):
        target = spare / name
        for item in target.iterdir():
            item.unlink()
        target.rmdir()
        target.symlink_to(outside, target_is_directory=True)
    write_tree(out, _files(3))
    assert _tree(out) == _files(3)
    assert not any((out / name).is_symlink() for name in ("records/2021/r5", "data"))
    assert list(outside.iterdir()) == []


def test_a_damaged_or_foreign_manifest_is_never_trusted(tmp_path: Path) -> None:
    out = _two_builds(tmp_path, identified=True)
    # the spare's manifest now describes the live tree, and the live tree's is garbage
    os.replace(manifest_of(out), manifest_of(spare_of(out)))
    manifest_of(out).write_bytes(b"not a manifest")
    write_tree(out, Identified(_files(3)))
    assert _tree(out) == _files(3)
    manifest_of(out).write_bytes(manifest_of(out).read_bytes()[:-5])  # truncated
    write_tree(out, Identified(_files(4)))
    assert _tree(out) == _files(4)


def test_a_spare_that_does_not_fit_the_new_tree_is_not_used(tmp_path: Path) -> None:
    out = _two_builds(tmp_path)
    files = {GENERATED_MARK: b"{}", "index.md/inner.md": b"a folder where a file was"}
    write_tree(out, files)
    assert _tree(out) == files


def test_writing_a_tree_without_hard_links_still_gives_every_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(1, "Operation not permitted")

    out = tmp_path / "docs"
    write_tree(out, _files(1))
    monkeypatch.setattr(os, "link", no_links)
    write_tree(out, _files(2))
    write_tree(out, _files(3))
    assert _tree(out) == _files(3)


class Chunked(Identified):
    """Identified files that also give their bytes in pieces: a named file is never read whole."""

    def __getitem__(self, path: str) -> bytes:
        raise AssertionError(f"{path} was read whole though it comes in pieces")

    def chunks(self, path: str) -> list[bytes]:
        data = self.files[path]
        return [data[start:start + 3] for start in range(0, len(data), 3)]


def test_a_named_file_given_in_pieces_is_written_piece_by_piece(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree(out, Chunked(_files(1)))
    assert _tree(out) == _files(1)
    write_tree(out, Chunked(_files(2)))  # the changed files made in pieces again, the rest kept
    assert _tree(out) == _files(2)
