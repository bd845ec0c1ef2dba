"""Hostile records: each is refused with its exact diagnostic, alone and among good records.

The corpus is `tests/hostile/records/**` (first line `# expect: …`, as in tests/cases) and the
byte-level table `tests/hostile/bytes.yaml`, built from `tests/hostile/base.yaml`. Every case
must give exit code 1, an error with its line and column, no traceback, leave the other
records checked and publishable, and never reach the published records.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from generator.cli.main import main
from generator.ledger.gitrepo import Repo
from generator.ledger.revisions import load_working_tree
from generator.read.load import load_bytes, load_file
from generator.read.siteconfig import SiteConfig
from generator.rules.check import check
from tests.conftest import CONTENT, ROOT
from tests.test_cases import expected_of

HOSTILE = ROOT / "tests" / "hostile"
BASE = (HOSTILE / "base.yaml").read_text(encoding="utf-8")
SEED_RECORDS = 4
Expected = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Case:
    """One hostile file: where it goes under `records/`, its bytes and what it must report."""

    name: str
    relative: str
    data: bytes
    expected: Expected


def file_cases() -> list[Case]:
    """Return the checked-in cases, their expectation read from their first line."""
    records = HOSTILE / "records"
    return [Case(path.stem, path.relative_to(records).as_posix(), path.read_bytes(),
                 tuple(expected_of(path)))
            for path in sorted(records.rglob("*.yaml"))]


def _latin1(text: str) -> bytes:
    return text.encode("latin-1")


def _joined(new: str | list[list[str | int]]) -> str:
    if isinstance(new, str):
        return new
    return "".join(str(text) * int(times) for text, times in new)


def build_bytes(spec: dict[str, object]) -> bytes:
    """Return the bytes a row of bytes.yaml describes (see the table's header)."""
    text = str(spec["whole"]) if "whole" in spec else BASE.replace(
        "id: 2021-hostile-base", f"id: {spec['id']}")
    if "replace" in spec:
        old, new = spec["replace"]  # type: ignore[misc]
        assert text.count(old) == 1, old
        text = text.replace(old, _joined(new))
    text = text.replace("\n", str(spec.get("line_end", "\n")))
    data = text.encode(str(spec.get("encoding", "utf-8")))
    if "replace_bytes" in spec:
        old, new = spec["replace_bytes"]  # type: ignore[misc]
        assert data.count(old.encode()) == 1, old
        data = data.replace(old.encode(), _latin1(new))
    return _latin1(str(spec.get("prefix_bytes", ""))) + data


def byte_cases() -> list[Case]:
    """Return the cases of bytes.yaml."""
    table = YAML(typ="safe", pure=True).load((HOSTILE / "bytes.yaml").read_text(encoding="utf-8"))
    return [Case(row["id"], f"2021/{row['id']}.yaml", build_bytes(row),
                 tuple((code, line, column) for code, line, column in row["expect"]))
            for row in table]


CASES = file_cases() + byte_cases()
IDS = [case.name.removeprefix("2021-hostile-") for case in CASES]


def shown(case: Case) -> str:
    return f"content/records/{case.relative}"


def errors_of(expected: Expected) -> Expected:
    """Return the expected errors: codes the validator reports as errors (Y, S)."""
    return tuple(item for item in expected if item[0][0] in "YS")


def content_with(tmp_path: Path, cases: list[Case]) -> Path:
    """Return a copy of the seed content with the given cases added to its records."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    for case in cases:
        target = content / "records" / case.relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(case.data)
    return content


def test_corpus_covers_every_kind_of_bad_record() -> None:
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)
    codes = {code for case in CASES for code, _, _ in case.expected}
    wanted = {f"Y{n:03d}" for n in range(1, 14)} | {"S101", "S102", "S103", "S104", "S106",
                                                    "S107", "S109", "S110"}
    assert wanted <= codes, sorted(wanted - codes)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_case_is_refused_with_its_exact_diagnostics(case: Case) -> None:
    result = check([load_bytes(case.data, shown(case))], SiteConfig())
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == list(case.expected)
    errors = [d for d in result.diagnostics if d.severity.value == "error"]
    assert errors, "a hostile case must be an error"
    assert all(d.file == shown(case) and d.message and d.hint for d in errors)
    assert result.records == ()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_case_among_the_seed_records(case: Case, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    content = content_with(tmp_path, [case])
    assert main(["validate", str(content), "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    document = json.loads(out)
    assert document["summary"]["files"] == SEED_RECORDS + 1
    assert document["summary"]["records"] == SEED_RECORDS
    errors = [d for d in document["diagnostics"] if d["severity"] == "error"]
    assert all(d["file"].endswith(case.relative) for d in errors)
    assert tuple((d["code"], d["line"], d["column"]) for d in errors) == errors_of(case.expected)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_build_refuses_and_leaves_the_previous_tree(case: Case, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m generator build` writes nothing of any record when one record is broken."""
    content = content_with(tmp_path, [case])
    out = tmp_path / "docs"
    out.mkdir()
    (out / "previous.md").write_bytes(b"previous build\n")
    assert main(["build", "--content", str(content), "--out", str(out)]) == 1
    assert [p.name for p in out.iterdir()] == ["previous.md"]
    assert (out / "previous.md").read_bytes() == b"previous build\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "docs"]
    out_text, err = capsys.readouterr()
    assert out_text == ""
    assert "未生成网站" in err and "Traceback" not in err


def test_whole_corpus_at_once_from_the_command_line(tmp_path: Path) -> None:
    content = content_with(tmp_path, CASES)
    outputs = {}
    for fmt in ("json", "text", "github"):
        result = subprocess.run([sys.executable, "-m", "generator", "validate", str(content),
                                 "--format", fmt], capture_output=True, text=True, check=False)
        assert result.returncode == 1
        assert result.stderr == ""
        outputs[fmt] = result.stdout
    document = json.loads(outputs["json"])
    assert document["summary"]["files"] == SEED_RECORDS + len(CASES)
    assert document["summary"]["records"] == SEED_RECORDS
    broken = {d["file"] for d in document["diagnostics"] if d["severity"] == "error"}
    assert len(broken) == len(CASES)
    assert f"{SEED_RECORDS} 条记录可发布" in outputs["text"]


@pytest.mark.parametrize("case", [c for c in CASES if b"\r" not in c.data],
                         ids=[i for c, i in zip(CASES, IDS, strict=True) if b"\r" not in c.data])
def test_crlf_line_ends_report_the_same_positions(case: Case) -> None:
    """CRLF is valid YAML: a record saved on Windows loads, and errors point at the same place."""
    crlf = case.data.replace(b"\n", b"\r\n")
    result = check([load_bytes(crlf, shown(case))], SiteConfig())
    assert tuple((d.code, d.line, d.column) for d in result.diagnostics) == case.expected


def test_base_record_and_its_crlf_twin_are_sound() -> None:
    for data in (BASE.encode(), BASE.replace("\n", "\r\n").encode()):
        result = check([load_bytes(data, "content/records/2021/2021-hostile-base.yaml")],
                       SiteConfig())
        assert result.diagnostics == () and len(result.records) == 1


def test_alias_storm_stops_at_one_hundred_errors() -> None:
    data = "".join(f"k{n}: &a{n} [*a{n - 1}]\n" if n else "k0: &a0 [x]\n"
                   for n in range(5000)).encode()
    loaded = load_bytes(data, "content/records/2021/x.yaml")
    assert len(loaded.diagnostics) == 100
    assert {d.code for d in loaded.diagnostics} == {"Y003"}


def test_symlinked_record_is_not_read(tmp_path: Path) -> None:
    """A link in a pull request could show any file of the CI machine in the messages."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("ghp_token_value: 1\n", encoding="utf-8")
    content = content_with(tmp_path, [])
    link = content / "records" / "2021" / "2021-link.yaml"
    link.symlink_to(secret)
    loaded = load_file(link, "content/records/2021/2021-link.yaml")
    assert [(d.code, d.line, d.column) for d in loaded.diagnostics] == [("Y014", 1, 1)]
    result = subprocess.run([sys.executable, "-m", "generator", "validate", str(content)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "ghp_token_value" not in result.stdout + result.stderr


def test_a_folder_or_device_named_like_a_record_is_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "2021-a.yaml"
    folder.mkdir()
    for path in (folder, Path("/dev/zero")):
        loaded = load_file(path, "content/records/2021/2021-a.yaml")
        assert [(d.code, d.message) for d in loaded.diagnostics] == [
            ("Y014", "不是普通文件（目录、管道或设备），不读取。")]


def test_an_oversize_file_on_disk_reports_its_true_size(tmp_path: Path) -> None:
    path = tmp_path / "2021-big.yaml"
    path.write_bytes(b"#" * (3 * 1024 * 1024))
    loaded = load_file(path, "content/records/2021/2021-big.yaml")
    assert [(d.code, d.message) for d in loaded.diagnostics] == [
        ("Y008", "文件过大：3145728 字节，上限为 1048576 字节（1 MiB）。")]


def test_diff_names_a_symlinked_record_and_never_follows_it(tmp_path: Path) -> None:
    """The working-tree side of `diff` reads files itself: it must refuse links as well."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("ghp_token_value: 1\n", encoding="utf-8")
    content = content_with(tmp_path, [])
    (content / "records" / "2021" / "2021-link.yaml").symlink_to(secret)
    side = load_working_tree(Repo(tmp_path, shallow=False), content, {})
    refused = [item for item in side.loaded if item.record is None]
    assert [(item.path, [(d.code, d.message) for d in item.diagnostics]) for item in refused] == [
        ("content/records/2021/2021-link.yaml", [("Y014", "文件是符号链接，出于安全不读取。")])]
    assert len(side.checked.records) == SEED_RECORDS
