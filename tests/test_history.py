"""Publication history from git: amendments, reasons, dates, and absent history said so."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.ledger.changes import Change
from generator.ledger.gitlog import Revision, Step, parse_steps
from generator.ledger.record_ledger import Amendment, RecordHistory, read_histories
from generator.model.record import Correction
from tests.ledgerrepo import (
    OTHER,
    RECORD,
    SCORE_REASON,
    TITLE_REASON,
    commit_all,
    edit,
    full_history,
    git,
    publish,
)


def test_full_history_of_the_corrected_record(tmp_path: Path) -> None:
    c0, c1, c2, _reformat = full_history(tmp_path)
    history = read_histories([tmp_path / RECORD])[tmp_path / RECORD]
    assert history == RecordHistory(
        absent=None,
        first_published=Revision(c0, "2022-09-01T16:00:00+08:00", RECORD),
        last_changed=Revision(c2, "2022-11-01T18:00:00+08:00", RECORD),
        amendments=(
            Amendment(Revision(c1, "2022-10-05T09:30:00+08:00", RECORD), (
                Change("indicators[0].score", "指标“综合监控联网平台升级”得分", "10", "5", True),
                Change("total.score", "总分", "98.56", "93.56", True),
            ), (Correction("2022-10-05", SCORE_REASON),)),
            Amendment(Revision(c2, "2022-11-01T18:00:00+08:00", RECORD), (
                Change("title", "项目名称", "昌吉州煤矿安全综合联网监控系统运维工作经费",
                       "昌吉州煤矿安全综合联网监控系统运维经费", True),
            ), (Correction("2022-11-01", TITLE_REASON),)),
        ),
    )
    assert history.amendments[0].reason == SCORE_REASON
    assert history.amendments[0].revision.short == c1[:7]
    assert history.amendments[0].revision.date == "2022-10-05"


def test_untouched_record_was_published_once(tmp_path: Path) -> None:
    c0 = full_history(tmp_path)[0]
    history = read_histories([tmp_path / OTHER])[tmp_path / OTHER]
    first = Revision(c0, "2022-09-01T16:00:00+08:00", OTHER)
    assert history == RecordHistory(None, first, first, ())


def test_reformat_only_is_no_amendment(tmp_path: Path) -> None:
    c0 = publish(tmp_path)
    edit(tmp_path, RECORD, "amount_unit: 万元\n", "amount_unit: \"万元\"  # 单位\n")
    edit(tmp_path, RECORD, "score: 98.56", "score:   98.560")
    commit_all(tmp_path, "格式", "2022-12-01T10:00:00+00:00")
    history = read_histories([tmp_path / RECORD])[tmp_path / RECORD]
    first = Revision(c0, "2022-09-01T16:00:00+08:00", RECORD)
    assert history == RecordHistory(None, first, first, ())


def test_change_without_correction_entry_has_no_reason(tmp_path: Path) -> None:
    publish(tmp_path)
    edit(tmp_path, RECORD, "score: 98.56", "score: 98.65")
    c1 = commit_all(tmp_path, "改总分", "2022-10-01T00:00:00+00:00")
    history = read_histories([tmp_path / RECORD])[tmp_path / RECORD]
    assert history.amendments == (Amendment(Revision(c1, "2022-10-01T08:00:00+08:00", RECORD), (
        Change("total.score", "总分", "98.56", "98.65", True),), ()),)
    assert history.amendments[0].reason == ""


def test_broken_version_is_skipped_and_rename_followed(tmp_path: Path) -> None:
    c0 = publish(tmp_path)
    edit(tmp_path, RECORD, "score: 98.56", "score: [98.56")
    commit_all(tmp_path, "坏的版本", "2022-10-01T00:00:00+00:00")
    edit(tmp_path, RECORD, "score: [98.56", "score: 90")
    c2 = commit_all(tmp_path, "修复", "2022-10-02T00:00:00+00:00")
    moved = "content/records/2021/2021-renamed.yaml"
    git(tmp_path, "mv", RECORD, moved)
    c3 = commit_all(tmp_path, "改名", "2022-10-03T00:00:00+00:00")
    history = read_histories([tmp_path / moved])[tmp_path / moved]
    assert history.first_published == Revision(c0, "2022-09-01T16:00:00+08:00", RECORD)
    assert history.last_changed == Revision(c2, "2022-10-02T08:00:00+08:00", RECORD)
    assert [a.changes for a in history.amendments] == [
        (Change("total.score", "总分", "98.56", "90", True),)]
    assert c3 not in {a.revision.commit for a in history.amendments}


def test_shallow_clone_has_no_history(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    origin.mkdir()
    full_history(origin)
    git(tmp_path, "clone", "-q", "--depth", "1", (origin.as_uri()), "clone")
    file = tmp_path / "clone" / RECORD
    assert read_histories([file]) == {file: RecordHistory(
        "浅克隆（shallow clone）缺少完整历史，无法读取发布历史")}


def test_plain_folder_has_no_history(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    origin.mkdir()
    publish(origin)
    shutil.copytree(origin / "content", tmp_path / "plain")
    file = tmp_path / "plain" / "records" / "2021" / Path(RECORD).name
    assert read_histories([file]) == {file: RecordHistory("不是 git 仓库，无法读取发布历史")}


def test_uncommitted_file_has_no_history(tmp_path: Path) -> None:
    publish(tmp_path)
    new = tmp_path / "content" / "records" / "2021" / "2021-new.yaml"
    shutil.copy(tmp_path / RECORD, new)
    assert read_histories([new]) == {new: RecordHistory("文件尚未提交到 git，还没有发布历史")}


def test_no_files_no_git_call() -> None:
    assert read_histories([]) == {}


def test_parse_steps_reads_raw_changes_oldest_first() -> None:
    z = "0" * 40
    a, b = "a" * 40, "b" * 40
    text = (f"\x1ec1\x1f1664409600\0\n:000000 100644 {z} {a} A\0x/a.yaml\0"
            f":000000 120000 {z} {b} A\0x/link.yaml\0"
            f"\x1ec2\x1f1664496000\0\n:100644 100644 {a} {b} M\0x/a b.yaml\0"
            f":100644 000000 {a} {z} D\0x/a.yaml\0"
            "\x1ec3\x1f1664582400\0")
    assert parse_steps(text) == [
        Step("c1", "2022-09-29T08:00:00+08:00", (("x/a.yaml", a), ("x/link.yaml", None))),
        Step("c2", "2022-09-30T08:00:00+08:00", (("x/a b.yaml", b), ("x/a.yaml", None))),
        Step("c3", "2022-10-01T08:00:00+08:00", ()),
    ]
