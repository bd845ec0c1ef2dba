"""The ledger after any git history: merges, evil merges, renames, look-alikes, back-dating.

Each test builds a real repository and asserts the record's ledger amendment by amendment
(the 更正记录 rows): only the changes the published file (HEAD's first-parent chain) went through.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.ledger import gitrepo, record_ledger
from generator.ledger.changes import Change
from generator.ledger.events import LedgerItem, events
from generator.ledger.gitlog import Revision
from generator.ledger.record_ledger import Amendment, RecordHistory, read_histories
from generator.model.record import Correction
from generator.pipeline import content_histories
from generator.read.load import Loaded, load_paths
from tests.ledgerrepo import (
    OTHER,
    RECORD,
    SCORE_REASON,
    commit_all,
    correct_score,
    edit,
    git,
    publish,
)

SCORE = (Change("indicators[0].score", "指标“综合监控联网平台升级”得分", "10", "5", True),
         Change("total.score", "总分", "98.56", "93.56", True))
SCORE_FIX = (Correction("2022-10-05", SCORE_REASON),)
OTHER_TOTAL = (Change("total.score", "总分", "100.00", "99.00", True),)


def history(repo: Path, path: str) -> RecordHistory:
    """Return the ledger of one record file of `repo`."""
    return read_histories([repo / path])[repo / path]


def change_other(repo: Path, date: str) -> str:
    """Change the other record's total 100.00 → 99.00 and commit."""
    edit(repo, OTHER, "score: 100.00, grade", "score: 99.00, grade")
    return commit_all(repo, "改另一条记录的总分", date)


def merge(repo: Path, branch: str, date: str, *, evil: bool = False) -> str:
    """Merge `branch` into the current branch with a merge commit (changing OTHER when evil)."""
    git(repo, "merge", "-q", "--no-ff", "--no-commit", branch, date=date)
    if evil:
        edit(repo, OTHER, "score: 100.00, grade", "score: 99.00, grade")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"合并 {branch}", date=date)
    return git(repo, "rev-parse", "HEAD").strip()


def test_merge_of_two_branches_gives_no_fake_correction(tmp_path: Path) -> None:
    c0 = publish(tmp_path)
    git(tmp_path, "checkout", "-q", "-b", "fix")
    correct_score(tmp_path)  # 2022-10-05 on the branch
    git(tmp_path, "checkout", "-q", "main")
    c_other = change_other(tmp_path, "2022-10-06T00:00:00+00:00")
    m = merge(tmp_path, "fix", "2022-10-07T00:00:00+00:00")
    first = Revision(c0, "2022-09-01T16:00:00+08:00", RECORD)
    # The published branch held 10 until the merge, then 5: one amendment, at the merge.
    assert history(tmp_path, RECORD) == RecordHistory(
        None, first, Revision(m, "2022-10-07T08:00:00+08:00", RECORD),
        (Amendment(Revision(m, "2022-10-07T08:00:00+08:00", RECORD), SCORE, SCORE_FIX),))
    assert history(tmp_path, OTHER).amendments == (
        Amendment(Revision(c_other, "2022-10-06T08:00:00+08:00", OTHER), OTHER_TOTAL, ()),)


def test_merge_after_the_branch_was_merged_back_shows_each_change_once(tmp_path: Path) -> None:
    publish(tmp_path)
    git(tmp_path, "checkout", "-q", "-b", "fix")
    correct_score(tmp_path)
    git(tmp_path, "checkout", "-q", "main")
    change_other(tmp_path, "2022-09-02T00:00:00+00:00")
    git(tmp_path, "checkout", "-q", "fix")
    merge(tmp_path, "main", "2022-10-06T00:00:00+00:00")  # main merged into the branch first
    git(tmp_path, "checkout", "-q", "main")
    m = merge(tmp_path, "fix", "2022-10-07T00:00:00+00:00")
    assert [(a.revision.commit, a.changes) for a in history(tmp_path, RECORD).amendments] == [
        (m, SCORE)]
    assert len(history(tmp_path, OTHER).amendments) == 1


def test_evil_merge_change_is_attributed_to_the_merge(tmp_path: Path) -> None:
    publish(tmp_path)
    git(tmp_path, "checkout", "-q", "-b", "fix")
    correct_score(tmp_path)
    git(tmp_path, "checkout", "-q", "main")
    m = merge(tmp_path, "fix", "2022-10-07T00:00:00+00:00", evil=True)
    merged = Revision(m, "2022-10-07T08:00:00+08:00", OTHER)
    assert history(tmp_path, OTHER).amendments == (Amendment(merged, OTHER_TOTAL, ()),)
    assert history(tmp_path, OTHER).last_changed == merged


def test_deleted_record_and_similar_new_project_are_two_records(tmp_path: Path) -> None:
    publish(tmp_path)
    correct_score(tmp_path)
    text = (tmp_path / RECORD).read_text(encoding="utf-8")
    git(tmp_path, "rm", "-q", RECORD)
    new = "content/records/2021/2021-cj-coal-network-ops-2.yaml"
    (tmp_path / new).write_text(
        text.replace("id: 2021-cj-coal-network-ops", "id: 2021-cj-coal-network-ops-2")
        .replace("运维工作经费", "运维二期工作经费").replace("score: 93.56", "score: 90.00"),
        encoding="utf-8")
    c2 = commit_all(tmp_path, "撤下一条记录，发布另一个项目", "2022-12-01T00:00:00+00:00")
    assert "R" in git(tmp_path, "show", "-M", "--name-status", "--format=", c2)  # git guesses a rename
    first = Revision(c2, "2022-12-01T08:00:00+08:00", new)
    assert history(tmp_path, new) == RecordHistory(None, first, first, ())


def test_renamed_file_with_the_same_id_keeps_its_history(tmp_path: Path) -> None:
    c0 = publish(tmp_path)
    c1 = correct_score(tmp_path)
    moved = "content/records/2021/moved/coal.yaml"
    (tmp_path / moved).parent.mkdir()
    git(tmp_path, "mv", RECORD, moved)
    edit(tmp_path, moved, "score: 93.56", "score: 93.00")
    c2 = commit_all(tmp_path, "移动文件并改总分", "2022-12-01T00:00:00+00:00")
    assert history(tmp_path, moved) == RecordHistory(
        None, Revision(c0, "2022-09-01T16:00:00+08:00", RECORD),
        Revision(c2, "2022-12-01T08:00:00+08:00", moved),
        (Amendment(Revision(c1, "2022-10-05T09:30:00+08:00", RECORD), SCORE, SCORE_FIX),
         Amendment(Revision(c2, "2022-12-01T08:00:00+08:00", moved),
                   (Change("total.score", "总分", "93.56", "93.00", True),), ())))


def test_rewritten_file_with_the_same_id_is_not_split(tmp_path: Path) -> None:
    """Deleting a file and adding another with the same id in a later commit continues it."""
    c0 = publish(tmp_path)
    text = (tmp_path / RECORD).read_text(encoding="utf-8")
    git(tmp_path, "rm", "-q", RECORD)
    commit_all(tmp_path, "暂时撤下", "2022-10-01T00:00:00+00:00")
    again = "content/records/2021/again.yaml"
    (tmp_path / again).write_text(text.replace("score: 98.56", "score: 97.00"), encoding="utf-8")
    c2 = commit_all(tmp_path, "重新发布", "2022-10-02T00:00:00+00:00")
    assert history(tmp_path, again) == RecordHistory(
        None, Revision(c0, "2022-09-01T16:00:00+08:00", RECORD),
        Revision(c2, "2022-10-02T08:00:00+08:00", again),
        (Amendment(Revision(c2, "2022-10-02T08:00:00+08:00", again),
                   (Change("total.score", "总分", "98.56", "97.00", True),), ()),))


def test_back_dated_commit_keeps_its_change_in_branch_order(tmp_path: Path) -> None:
    c0 = publish(tmp_path)
    c1 = correct_score(tmp_path)  # 2022-10-05
    edit(tmp_path, RECORD, "score: 93.56", "score: 93.00")
    c2 = commit_all(tmp_path, "补记的更正（作者日期早于上一提交）", "2022-08-01T00:00:00+00:00")
    found = history(tmp_path, RECORD)
    later = Revision(c2, "2022-08-01T08:00:00+08:00", RECORD)
    assert found == RecordHistory(
        None, Revision(c0, "2022-09-01T16:00:00+08:00", RECORD), later,
        (Amendment(Revision(c1, "2022-10-05T09:30:00+08:00", RECORD), SCORE, SCORE_FIX),
         Amendment(later, (Change("total.score", "总分", "93.56", "93.00", True),), ())))
    item = LedgerItem("2021-cj-coal-network-ops", "t", "d", "records/x/", found)
    assert [e.revision.commit for e in events([item])] == [c2, c1, c0]


def test_ledger_uses_one_log_and_one_cat_file(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    publish(tmp_path)
    correct_score(tmp_path)
    change_other(tmp_path, "2022-10-06T00:00:00+00:00")
    calls: list[str] = []
    real = gitrepo.run_git

    def counting(cwd: Path, args: list[str], stdin: bytes | None = None) -> bytes:
        calls.append(next(a for a in args if a in ("log", "cat-file", "rev-parse")))
        return real(cwd, args, stdin)

    monkeypatch.setattr(gitrepo, "run_git", counting)
    monkeypatch.setattr("generator.ledger.gitlog.run_git", counting)
    found = read_histories([tmp_path / RECORD, tmp_path / OTHER])
    assert [len(h.amendments) for h in found.values()] == [1, 1]
    assert sorted(calls) == ["cat-file", "log", "rev-parse", "rev-parse"]


def _corrected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, object]:
    """Publish a record and correct its score in a repository at `tmp_path`, work there, and
    return the content folder and its histories read without any help."""
    publish(tmp_path)
    correct_score(tmp_path)
    monkeypatch.chdir(tmp_path)
    content = Path("content")
    return content, content_histories(content)


def test_versions_the_build_already_loaded_are_not_parsed_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content, plain = _corrected(tmp_path, monkeypatch)
    loaded = load_paths([content])
    parsed: list[str] = []
    real = record_ledger.load_bytes

    def counting(data: bytes, path: str) -> Loaded:
        parsed.append(path)
        return real(data, path)

    monkeypatch.setattr(record_ledger, "load_bytes", counting)
    assert content_histories(content, loaded) == plain
    assert parsed == [RECORD]  # only the published version before the correction


def test_the_record_cache_gives_the_blob_ids_so_no_record_file_is_read_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import pipeline
    from generator.cli.options import load_paths as load_through
    from generator.read.recordcache import open_cache

    content, plain = _corrected(tmp_path, monkeypatch)
    for round_ in ("cold", "warm"):
        cache = open_cache(tmp_path / "cache", "national")
        loaded = load_through([content], cache)
        assert cache.hits == (0 if round_ == "cold" else len(loaded))
        for item in loaded:
            assert cache.blob(item.path) == gitrepo.blob_id((tmp_path / item.path).read_bytes())
        monkeypatch.setattr(pipeline, "blob_id", None)  # the files are not hashed again
        assert content_histories(content, loaded, cache=cache) == plain
        monkeypatch.undo()
        monkeypatch.chdir(tmp_path)
        for item in loaded:
            cache.store(item.path, ())
        cache.flush()
