"""`diff BASE [HEAD]`: records added, removed and changed; Markdown and JSON exactly."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.model.diagnostics import Severity
from generator.model.record import Record
from generator.rules.base import Context, Hit, Rule
from tests.ledgerrepo import (
    OTHER,
    RECORD,
    SCORE_REASON,
    TITLE_REASON,
    commit_all,
    correct_score,
    edit,
    full_history,
    git,
    publish,
)

TITLE = "昌吉州煤矿安全综合联网监控系统运维工作经费"


def over_weight(rec: Record, ctx: Context) -> Iterator[Hit]:
    """Fire where a score exceeds its weight (a stand-in for the finding rules)."""
    for index, item in enumerate(rec.indicators):
        if item.score is not None and item.score > item.weight:
            yield Hit(f"indicators[{index}].score", f"得分 {item.score} 超过分值 {item.weight}。")


@pytest.fixture(autouse=True)
def one_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run one known rule instead of the registry, so the expected output does not depend on
    which finding rules exist; the comparison logic is the same for every rule."""
    rule = Rule("T901", Severity.WARNING, "测试：得分超过分值", over_weight)
    monkeypatch.setattr("generator.rules.check.REGISTRY", {"T901": rule})


def diff(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
         *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(repo)
    code = main(["diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_score_correction_is_one_readable_block(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    c0, c1 = publish(tmp_path), correct_score(tmp_path)
    code, out, err = diff(tmp_path, monkeypatch, capsys, "HEAD~1", "HEAD")
    assert (code, err) == (0, "")
    assert out == f"""## 绩效自评表变更

比较 `{c0[:7]}`（`HEAD~1`） → `{c1[:7]}`（`HEAD`）：修改 1 条，新增 0 条，删除 0 条。

### 修改：{TITLE}

记录 `2021-cj-coal-network-ops` · `{RECORD}`

| 项目 | 原值 | 新值 |
|---|---|---|
| 指标“综合监控联网平台升级”得分 `indicators[0].score` | 10 | 5 |
| 总分 `total.score` | 98.56 | 93.56 |

- 复核总分：99.04（不变）；复核等级：优（不变）
- 更正原因（2022-10-05）：{SCORE_REASON}
- 已解决的问题：
  - ⚠️ 警告 T901（第 29 行 `indicators[0].score`）：得分 10 超过分值 5。
"""


def test_whole_history_as_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    c0, _, _, c3 = full_history(tmp_path)
    code, out, _ = diff(tmp_path, monkeypatch, capsys, "HEAD~3", "HEAD", "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "base": {"revision": "HEAD~3", "commit": c0},
        "head": {"revision": "HEAD", "commit": c3},
        "summary": {"changed": 1, "added": 0, "removed": 0},
        "records": [{
            "status": "changed",
            "id": "2021-cj-coal-network-ops",
            "title": "昌吉州煤矿安全综合联网监控系统运维经费",
            "file": RECORD,
            "old_file": None,
            "changes": [
                {"pointer": "title", "label": "项目名称", "old": TITLE,
                 "new": "昌吉州煤矿安全综合联网监控系统运维经费"},
                {"pointer": "indicators[0].score", "label": "指标“综合监控联网平台升级”得分",
                 "old": "10", "new": "5"},
                {"pointer": "total.score", "label": "总分", "old": "98.56", "new": "93.56"},
            ],
            "corrections": [{"date": "2022-10-05", "reason": SCORE_REASON},
                            {"date": "2022-11-01", "reason": TITLE_REASON}],
            "recomputed": {"old": {"total": "99.04", "grade": "优"},
                           "new": {"total": "99.04", "grade": "优"}},
            "findings": {"appeared": [], "resolved": [{
                "code": "T901", "severity": "warning", "file": RECORD, "line": 29, "column": 12,
                "pointer": "indicators[0].score", "message": "得分 10 超过分值 5。"}]},
        }],
    }


def test_reformat_only_shows_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    hashes = full_history(tmp_path)
    code, out, _ = diff(tmp_path, monkeypatch, capsys, "HEAD~1", "HEAD")
    assert code == 0
    assert out == f"""## 绩效自评表变更

比较 `{hashes[2][:7]}`（`HEAD~1`） → `{hashes[3][:7]}`（`HEAD`）：修改 0 条，新增 0 条，删除 0 条。

已公开的记录没有变化（只改动空白、注释或格式的编辑不算变化）。
"""


def test_working_tree_change_without_reason_is_h101(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    c0 = publish(tmp_path)
    edit(tmp_path, RECORD, "    target: \">=2次\"\n    actual: 2次\n",
         "    target: \">=2次\"\n    actual: 1次\n")
    code, out, _ = diff(tmp_path, monkeypatch, capsys, "HEAD")
    assert code == 0
    assert out == f"""## 绩效自评表变更

比较 `{c0[:7]}`（`HEAD`） → 工作区（未提交的改动也算在内）：修改 1 条，新增 0 条，删除 0 条。

### 修改：{TITLE}

记录 `2021-cj-coal-network-ops` · `{RECORD}`

| 项目 | 原值 | 新值 |
|---|---|---|
| 指标“数据接口接入”实际完成值 `indicators[2].actual` | 2次 | 1次 |

- 复核总分：99.04 → 94.04（-5.00）；复核等级：优（不变）
- 新出现的问题：
  - ⚠️ 警告 H101（第 43 行 `indicators[2].actual`）：已公开的指标“数据接口接入”实际完成值由 2次 改为 1次，但没有新增更正记录（corrections）。
"""


def test_added_removed_renamed_and_broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    c0 = publish(tmp_path)
    records = tmp_path / "content" / "records"
    (records / "2022").mkdir()
    git(tmp_path, "mv", OTHER, "content/records/2022/2021-cj-energy-saving-service.yaml")
    shutil.copy(records / "2021" / "2021-cj-coal-network-ops.yaml", records / "2021" / "2021-new.yaml")
    edit(tmp_path, "content/records/2021/2021-new.yaml", "id: 2021-cj-coal-network-ops", "id: 2021-new")
    edit(tmp_path, RECORD, "  weight: 10\n  total:", "  weight: abc\n  total:")
    code, out, _ = diff(tmp_path, monkeypatch, capsys, "HEAD", "--format", "json")
    document = json.loads(out)
    assert (code, document["summary"]) == (0, {"changed": 2, "added": 1, "removed": 0})
    summary = [(r["status"], r["id"], r["file"], r["old_file"], r["changes"],
                [(d["code"], d["line"]) for d in r["findings"]["appeared"]],
                [(d["code"], d["line"]) for d in r["findings"]["resolved"]])
               for r in document["records"]]
    assert summary == [
        ("changed", RECORD, RECORD, None, [], [("S102", 11)], []),
        ("added", "2021-new", "content/records/2021/2021-new.yaml", None, [],
         [("T901", 29)], []),
        ("changed", "2021-cj-energy-saving-service",
         "content/records/2022/2021-cj-energy-saving-service.yaml", OTHER, [], [], []),
    ]
    assert document["base"]["commit"] == c0


def test_removed_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    publish(tmp_path)
    git(tmp_path, "rm", "-q", OTHER)
    commit_all(tmp_path, "撤下", "2022-10-01T00:00:00+00:00")
    code, out, _ = diff(tmp_path, monkeypatch, capsys, "HEAD~1", "HEAD")
    assert code == 0
    assert out.split("\n")[4:] == [
        "### 删除：政府购买节能工作督促指导社会化服务",
        "",
        "记录 `2021-cj-energy-saving-service` · `content/records/2021/2021-cj-energy-saving-service.yaml`",
        "",
        "- 原复核总分：100.00；原复核等级：优",
        "",
    ]


def test_bad_revision_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    publish(tmp_path)
    assert diff(tmp_path, monkeypatch, capsys, "no-such-branch") == (
        2, "", "找不到修订版本“no-such-branch”。请检查分支名、标签或提交哈希，可用 git log --oneline 查看。\n")
    assert diff(tmp_path, monkeypatch, capsys, "--", "--output=x")[0] == 2


def test_outside_git_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "content").mkdir()
    assert diff(tmp_path, monkeypatch, capsys, "HEAD") == (
        2, "", "无法比较：不是 git 仓库，无法读取发布历史。\n")


def test_explain_h101(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "h101"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:5] == [
        "H101 更正已公开数字须说明原因", "类别：更正与历史",
        "警告：比较两个版本时（diff，拉取请求审阅）报告；不影响发布。",
        "", "已公开的数字或文字只能随一条新的更正记录（corrections）一起修改。由 diff（拉取请求审阅）检查，"
            "validate 只看一个版本，不检查；空白、注释和引号的变化不算修改。"]


def test_h101_is_not_run_by_validate() -> None:
    from generator.rules import PAIR_REGISTRY, REGISTRY, all_codes

    assert "H101" in PAIR_REGISTRY and "H101" not in REGISTRY and "H101" in all_codes()
    assert Decimal("85.00") == Decimal("85")  # numbers compare by value: formatting is no change
