"""Ids that never collide and `--force` that only replaces the same project (issue 11, item 4)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from generator.importers.ids import generated_id, record_key
from tests.conftest import CONTENT, SEED
from tests.test_import_seed import DEPARTMENT, GENERATED, IDS, TITLES, run, seed_text

# Two titles whose "主管部门\n项目名称" hashes share their first 8 hex digits (found by search).
CLASH_A, CLASH_B = "煤矿安全专项经费第47844批", "煤矿安全专项经费第59388批"
ID_A, ID_B = "2021-p-5ea2637f", "2021-p-5ea2637f2ca0"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / SEED.name)
    return tmp_path


def seed_with(work: Path, name: str, *titles: str) -> str:
    """Write the seed with its first tables renamed to `titles`; return the file name."""
    text = SEED.read_text(encoding="utf-8")
    for old, new in zip(TITLES, titles, strict=False):
        assert text.count(f"\t{old}\n") == 1
        text = text.replace(f"\t{old}\n", f"\t{new}\n")
    (work / name).write_text(text, encoding="utf-8")
    return name


def test_the_clash_is_real() -> None:
    a, b = (hashlib.sha256(f"{DEPARTMENT}\n{t}".encode()).hexdigest() for t in (CLASH_A, CLASH_B))
    assert a[:8] == b[:8] and a[:12] != b[:12]
    assert generated_id(2021, DEPARTMENT, CLASH_A) == ID_A


def test_colliding_projects_in_one_import_get_two_files(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = seed_with(work, "clash.txt", CLASH_A, CLASH_B)
    code, out, err = run(capsys, source, "--out", "out")
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [f"新建\tout/2021/{ID_A}.yaml\t{CLASH_A}",
                                    f"新建\tout/2021/{ID_B}.yaml\t{CLASH_B}"]
    assert f"id: {ID_B}\n" in (work / "out" / "2021" / f"{ID_B}.yaml").read_text(encoding="utf-8")
    code, out, err = run(capsys, source, "--out", "out")  # again: each keeps its own id
    assert (code, err, out.splitlines()[-1]) == (0, "", "共 4 张表：未变 4。")


def test_a_later_colliding_project_never_overwrites_the_first(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, seed_with(work, "a.txt", CLASH_A), "--out", "out")[0] == 0
    first = (work / "out" / "2021" / f"{ID_A}.yaml").read_bytes()
    code, out, err = run(capsys, seed_with(work, "b.txt", CLASH_B), "--out", "out", "--force")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"新建\tout/2021/{ID_B}.yaml\t{CLASH_B}"
    assert (work / "out" / "2021" / f"{ID_A}.yaml").read_bytes() == first


def test_force_never_replaces_another_project_at_the_path(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A hand-made record of another project sits at the path the seed's first id would take."""
    other = seed_text(IDS[1]).replace(f"id: {IDS[1]}\n", f"id: {GENERATED[0]}\n")
    target = work / "out" / "2021" / f"{GENERATED[0]}.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(other, encoding="utf-8")
    code, out, err = run(capsys, SEED.name, "--out", "out", "--force")
    longer = generated_id(2021, DEPARTMENT, TITLES[0], 12)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"新建\tout/2021/{longer}.yaml\t{TITLES[0]}"
    assert target.read_text(encoding="utf-8") == other


def test_unreadable_file_at_the_path_is_refused_even_with_force(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = work / "out" / "2021" / f"{GENERATED[0]}.yaml"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"")  # what an import interrupted by a full disk used to leave
    code, out, err = run(capsys, SEED.name, "--out", "out", "--force")
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == (
        f"{SEED.name}:1:2: error M131 第 1 张表（{TITLES[0]}）应写入 out/2021/{GENERATED[0]}.yaml，"
        "但那里已有一个无法读取的文件，不会覆盖。 提示：请检查该文件：如是中断的导入留下的，删除后重新导入；"
        "如属于另一个项目，请把它改名（文件名与 id 一起改）。")
    assert target.read_bytes() == b""


def test_lent_id_taken_by_another_project_is_refused(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = seed_text(IDS[1]).replace(f"id: {IDS[1]}\n", f"id: {IDS[0]}\n")
    target = work / "out" / "2021" / f"{IDS[0]}.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(other, encoding="utf-8")
    code, _out, err = run(capsys, SEED.name, "--out", "out", "--content", str(CONTENT), "--force")
    assert code == 1
    assert err.splitlines()[0].startswith(
        f"{SEED.name}:1:2: error M131 第 1 张表（{TITLES[0]}）应写入 out/2021/{IDS[0]}.yaml，"
        f"但那里已有另一个项目（{DEPARTMENT}：{TITLES[1]}）的记录，不会覆盖。")
    assert target.read_text(encoding="utf-8") == other


def test_spacing_variants_are_the_same_project(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A department typed with a no-break space and a zero-width space is the same project."""
    shutil.copytree(CONTENT, work / "content")
    target = work / "content" / "records" / "2021" / f"{IDS[0]}.yaml"
    spaced = seed_text(IDS[0]).replace(f"department: {DEPARTMENT}\n",
                                       f'department: "{DEPARTMENT[:3]}\\u00a0{DEPARTMENT[3:]}\\u200b"\n')
    target.write_text(spaced, encoding="utf-8")
    code, out, err = run(capsys, SEED.name, "--out", "content")
    assert code == 1
    assert out.splitlines()[0] == f"未覆盖\tcontent/records/2021/{IDS[0]}.yaml\t{TITLES[0]}"
    assert err.startswith(f"content/records/2021/{IDS[0]}.yaml:1:1: error M110 已有记录“{TITLES[0]}”")
    code, out, _err = run(capsys, SEED.name, "--out", "content", "--force")
    assert code == 0 and out.splitlines()[-1] == "共 4 张表：覆盖 1，未变 3。"
    assert target.read_text(encoding="utf-8") == seed_text(IDS[0])


def test_same_project_spelled_two_ways_in_one_import_is_a_duplicate(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = seed_with(work, "twice.txt", TITLES[0], f"{TITLES[0][:3]}\u00a0{TITLES[0][3:]}")
    code, _out, err = run(capsys, source, "--out", "out")
    assert code == 1
    assert err.splitlines()[0].startswith("twice.txt:193:2: error M109 第 2 张表与 twice.txt 第 1 张表")
    assert record_key(2021, DEPARTMENT + " ", "Ａ１") == (2021, DEPARTMENT, "A1")
