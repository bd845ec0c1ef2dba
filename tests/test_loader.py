"""Loader: every kind of bad input gives one clear error at its line and column, never a crash.

Bytes that a YAML fixture file cannot hold (invalid UTF-8, a BOM, 1 MiB) are written here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.read.load import Loaded, load_bytes, load_file
from generator.read.siteconfig import SiteConfig, load_site
from generator.rules.check import check
from tests.conftest import CONTENT

SEED_RECORD = CONTENT / "records" / "2021" / "2021-cj-coal-network-ops.yaml"
GOOD = SEED_RECORD.read_bytes()
SHOWN = "content/records/2021/2021-cj-coal-network-ops.yaml"


def edited(old: bytes, new: bytes) -> bytes:
    """Return the seed record with one exact edit."""
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new)


def codes(loaded: Loaded) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in loaded.diagnostics]


BAD_INPUTS = [
    ("colon-in-plain-text", edited("title: 昌吉州".encode(), "title: 昌吉州: ".encode()), [("Y001", 5, 11)]),
    ("unclosed-bracket", edited(b"  fiscal: {initial: 85,", b"  fiscal: [initial: 85,"), [("Y001", 13, 52)]),
    ("duplicate-key", edited(b"funds:\n  weight: 10\n", b"funds:\n  weight: 10\n  weight: 5\n"), [("Y002", 12, 3)]),
    ("anchor-and-alias", edited(b"  carryover: {initial: 0, budget: 0, executed: 0}\n  other: {"
                                b"initial: 0, budget: 0, executed: 0}\n",
                                b"  carryover: &z {initial: 0, budget: 0, executed: 0}\n  other: *z\n"),
     [("Y003", 14, 14), ("Y003", 15, 10)]),
    ("merge-key", edited(b"  other: {initial: 0, budget: 0, executed: 0}\n",
                         b"  other:\n    <<: {initial: 0, budget: 0, executed: 0}\n"), [("Y012", 16, 5)]),
    ("python-tag", edited("title: 昌吉州".encode(), "title: !!python/object:os.system 昌吉州".encode()),
     [("Y004", 5, 8)]),
    ("str-tag", edited(b"year: 2021", b"year: !!str 2021"), [("Y004", 4, 7)]),
    ("gbk-bytes", edited("title: 昌吉州".encode(), b"title: " + "昌吉州".encode("gbk")),
     [("Y005", 5, 8)]),
    ("bom", b"\xef\xbb\xbf" + GOOD, [("Y006", 1, 1)]),
    ("tab-indentation", edited(b"funds:\n  weight: 10\n", b"funds:\n\tweight: 10\n"), [("Y007", 11, 1)]),
    ("tab-after-spaces", edited(b"funds:\n  weight: 10\n", b"funds:\n  \tweight: 10\n"), [("Y007", 11, 3)]),
    ("oversize", edited(b'notes: ""', b"notes: " + b"x" * (1024 * 1024)), [("Y008", 1, 1)]),
    ("list", b"- schema_version: 1\n- id: a\n", [("Y009", 1, 1)]),
    ("scalar", "一张自评表\n".encode(), [("Y009", 1, 1)]),
    ("empty", b"", [("Y010", 1, 1)]),
    ("blank-lines", b"\n   \n\n", [("Y010", 1, 1)]),
    ("only-comments", "# 待填写\n".encode(), [("Y010", 1, 1)]),
    ("two-documents", GOOD + b"---\nnotes: x\n", [("Y011", 112, 1)]),
    ("deep-nesting", edited(b'notes: ""', b"notes: " + b"[" * 13 + b"1" + b"]" * 13), [("Y013", 105, 19)]),
]


@pytest.mark.parametrize(("name", "data", "expected"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_gives_one_error_at_its_place(name: str, data: bytes,
                                                expected: list[tuple[str, int, int]]) -> None:
    loaded = load_bytes(data, SHOWN)
    assert loaded.record is None
    assert codes(loaded) == expected
    assert all(d.severity.value == "error" and d.file == SHOWN for d in loaded.diagnostics)
    assert all(d.message and d.hint for d in loaded.diagnostics)


def test_seed_record_loads_clean() -> None:
    loaded = load_bytes(GOOD, SHOWN)
    assert loaded.record is not None and loaded.diagnostics == ()


def test_crlf_line_ends_load_with_the_same_positions() -> None:
    crlf, lf = load_bytes(GOOD.replace(b"\n", b"\r\n"), SHOWN), load_bytes(GOOD, SHOWN)
    assert crlf.record is not None and lf.record is not None and crlf.diagnostics == ()
    assert crlf.record.positions == lf.record.positions


def test_invalid_utf8_message_names_the_byte() -> None:
    loaded = load_bytes(edited("title: 昌吉州".encode(), b"title: \xb2\xfd"), SHOWN)
    assert loaded.diagnostics[0].message == "文件不是合法的 UTF-8 编码：第 143 个字节 0xb2 无法解码。"


def test_oversize_message_states_the_sizes() -> None:
    loaded = load_bytes(b"a" * (1024 * 1024 + 1), SHOWN)
    assert loaded.diagnostics[0].message == "文件过大：1048577 字节，上限为 1048576 字节（1 MiB）。"


def test_unreadable_file(tmp_path: Path) -> None:
    loaded = load_file(tmp_path / "missing.yaml", "content/records/2021/missing.yaml")
    assert codes(loaded) == [("Y014", 1, 1)]
    assert loaded.diagnostics[0].file == "content/records/2021/missing.yaml"


def test_unknown_key_suggests_the_close_one() -> None:
    loaded = load_bytes(edited(b"notes:", b"notse:"), SHOWN)
    assert codes(loaded) == [("S103", 105, 1)]
    assert loaded.diagnostics[0].hint == "是否想写“notes”？"


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    first = load_bytes(GOOD, "content/records/2021/2021-cj-coal-network-ops.yaml")
    second = load_bytes(GOOD, "content/records/2022/2021-cj-coal-network-ops.yaml")
    result = check([first, second], SiteConfig())
    errors = [(d.code, d.file, d.line, d.column) for d in result.diagnostics
              if d.severity.value == "error"]
    assert errors == [("S105", "content/records/2022/2021-cj-coal-network-ops.yaml", 3, 5),
                      ("S106", "content/records/2022/2021-cj-coal-network-ops.yaml", 4, 7)]
    assert [r.path for r in result.records] == [first.path]


def test_one_bad_file_hides_no_other() -> None:
    bad = load_bytes(b"- 1\n", "content/records/2021/bad.yaml")
    good = load_bytes(GOOD, SHOWN)
    result = check([bad, good], SiteConfig())
    assert [r.path for r in result.records] == [SHOWN]
    assert {d.file for d in result.diagnostics} == {"content/records/2021/bad.yaml", SHOWN}


@pytest.mark.parametrize(("text", "message", "position"), [
    ("title: [x\n", "site.yaml 无法读取", (2, 1)),
    ("- a\n", "site.yaml 应为键值映射。", (1, 1)),
    ("tittle: x\n", "site.yaml 中有未知字段：tittle。", (1, 1)),
])
def test_bad_site_yaml(tmp_path: Path, text: str, message: str,
                       position: tuple[int, int]) -> None:
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    site, problems = load_site(tmp_path)
    assert site == SiteConfig()
    assert [(d.code, d.line, d.column) for d in problems] == [("S120", *position)]
    assert problems[0].message.startswith(message)


def test_syntax_errors_are_explained_in_chinese() -> None:
    from generator.read.load import load_bytes

    cases = {
        b'a: "x\n': "引号没有闭合",
        b"a: b: c\n": "此处不能出现",
        b"a: [1, 2\n": "方括号",
        b"a: {x: 1\n": "花括号",
        b'a: "\\q"\n': "反斜杠转义无效",
    }
    for data, words in cases.items():
        (error,) = load_bytes(data, "x.yaml").diagnostics
        assert error.code == "Y001"
        assert words in error.message, (data, error.message)
