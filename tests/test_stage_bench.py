"""The stage bench (`tests/bench/stage_bench.py`, issue 16) times a real build: its timed tree is
the tree `generator build` writes, every stage is there, and the bound it reports is its sum."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.bench import stage_bench
from tests.sitebuild import GOLDEN, GOLDEN_CONTENT, build_docs, outside_git


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_timed_build_writes_the_tree_a_build_writes(tmp_path: Path) -> None:
    with outside_git(GOLDEN):
        spent = stage_bench.stages(GOLDEN_CONTENT, tmp_path / "timed")
        assert build_docs(GOLDEN_CONTENT, tmp_path / "plain" / "docs") == 0
    timed, plain = _tree(tmp_path / "timed" / "docs"), _tree(tmp_path / "plain" / "docs")
    assert timed == plain
    assert any(path.startswith("records/") for path in timed)
    assert any(path.startswith("data/") for path in timed)
    assert set(spent) == {"floor", *stage_bench.STAGES}
    assert all(seconds >= 0 for seconds in spent.values())
    # the files were made inside the tree writer, where the wrapper timed them
    assert spent["record_pages"] > 0 and spent["downloads"] > 0


def test_each_file_is_timed_under_the_stage_that_makes_it() -> None:
    assert stage_bench.kind_of("records/2021/x.md") == "record_pages"
    assert stage_bench.kind_of("data/records-all.xlsx") == "downloads"
    assert stage_bench.kind_of("years/2021/index.md") == "other_pages"
    assert stage_bench.kind_of("index.md") == "other_pages"


class _Pieces:
    def __init__(self) -> None:
        self.made: list[str] = []

    def chunks(self, path: str) -> list[bytes]:
        self.made.append(path)
        return [b"a", b"", b"bc"]

    def identity(self, path: str) -> str:
        return "id:" + path

    def __contains__(self, path: object) -> bool:
        return path == "records/x.md"

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(["records/x.md"])


def test_the_wrapper_passes_every_piece_and_names_on() -> None:
    spent: Counter[str] = Counter()
    inner = _Pieces()
    timed = stage_bench.TimedFiles(inner, spent)
    pieces = timed.chunks("records/x.md")
    assert inner.made == []  # nothing is made before the writer reads it
    assert list(pieces) == [b"a", b"", b"bc"]
    assert timed["records/x.md"] == b"abc"
    assert timed.identity("records/x.md") == "id:records/x.md"
    assert "records/x.md" in timed and "data/y.csv" not in timed
    assert list(timed) == ["records/x.md"] and len(timed) == 1
    assert set(spent) == {"record_pages"}


def test_the_least_wall_time_is_the_stages_over_the_cores() -> None:
    spent = {"floor": 2.0, **{name: 1.0 for name in stage_bench.STAGES}}
    found = stage_bench.summary(spent, 1000, 2)
    stages = len(stage_bench.STAGES)
    assert found["one_process_cpu_s"] == stages
    assert found["one_process_vs_floor"] == stages / 2
    assert found["least_wall_vs_floor"] == stages / 2 / 2
    assert found["stage_ms_per_record"]["parse"] == 1.0
    assert found["stage_vs_floor"]["rules"] == 0.5
