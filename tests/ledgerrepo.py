"""Temporary git repositories with a fixed history: publish, correct a score, a title, reformat."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import CONTENT

RECORD = "content/records/2021/2021-cj-coal-network-ops.yaml"
OTHER = "content/records/2021/2021-cj-energy-saving-service.yaml"

SCORE_REASON = "第 1 行指标得分 10 超过分值 5，按评价工作底稿更正为 5，总分相应更正。"
TITLE_REASON = "项目名称与预算批复不一致，按批复更正。"


def git(repo: Path, *args: str, date: str = "2022-09-01T08:00:00+00:00") -> str:
    """Run git in `repo` with a fixed identity and dates; return its output."""
    env = dict(os.environ)
    env.update({"GIT_AUTHOR_NAME": "财政局", "GIT_AUTHOR_EMAIL": "czj@example.org",
                "GIT_COMMITTER_NAME": "财政局", "GIT_COMMITTER_EMAIL": "czj@example.org",
                "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
                "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"})
    done = subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main",
                           *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def commit_all(repo: Path, message: str, date: str) -> str:
    """Commit every change in the work tree; return the new commit's hash."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD").strip()


def edit(repo: Path, path: str, old: str, new: str) -> None:
    """Replace exactly one occurrence of `old` in a file."""
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    file.write_text(text.replace(old, new), encoding="utf-8")


def publish(repo: Path) -> str:
    """Create the repository with two seed records, committed on 2022-09-01."""
    (repo / "content" / "records" / "2021").mkdir(parents=True)
    shutil.copy(CONTENT / "site.yaml", repo / "content" / "site.yaml")
    for path in (RECORD, OTHER):
        shutil.copy(CONTENT / path.removeprefix("content/"), repo / path)
    git(repo, "init", "-q")
    return commit_all(repo, "发布 2021 年度自评表", "2022-09-01T08:00:00+00:00")


def correct_score(repo: Path) -> str:
    """Correct indicators[0].score 10 → 5 and the total, with a corrections entry."""
    edit(repo, RECORD, "    weight: 5\n    score: 10\n", "    weight: 5\n    score: 5\n")
    edit(repo, RECORD, "score: 98.56", "score: 93.56")
    with (repo / RECORD).open("a", encoding="utf-8") as out:
        out.write(f"\ncorrections:\n  - date: 2022-10-05\n    reason: {SCORE_REASON}\n")
    return commit_all(repo, "更正综合监控联网平台升级得分", "2022-10-05T09:30:00+08:00")


def correct_title(repo: Path) -> str:
    """Correct the title, with a second corrections entry."""
    edit(repo, RECORD, "title: 昌吉州煤矿安全综合联网监控系统运维工作经费",
         "title: 昌吉州煤矿安全综合联网监控系统运维经费")
    with (repo / RECORD).open("a", encoding="utf-8") as out:
        out.write(f"  - date: 2022-11-01\n    reason: {TITLE_REASON}\n")
    return commit_all(repo, "更正项目名称", "2022-11-01T10:00:00+00:00")


def reformat(repo: Path) -> str:
    """Change only whitespace, quoting and comments."""
    edit(repo, RECORD, "amount_unit: 万元\n", "amount_unit: 万元   # 项目资金的单位\n")
    edit(repo, RECORD, "  total: {initial: 85.00, budget: 85.00, executed: 76.83}",
         "  total: {initial: 85.00,  budget: 85.00,  executed: 76.83}")
    edit(repo, RECORD, "    actual: 1次\n    weight: 5\n", "    actual: \"1次\"\n    weight: 5\n")
    return commit_all(repo, "整理格式", "2022-12-01T10:00:00+00:00")


def full_history(repo: Path) -> list[str]:
    """Build all four commits; return their hashes, oldest first."""
    return [publish(repo), correct_score(repo), correct_title(repo), reformat(repo)]


def score_correction_diff(c0: str, c1: str) -> str:
    """Return `diff HEAD~1 HEAD --format markdown` after `correct_score` (real rules and scoring)."""
    return f"""## 绩效自评表变更

比较 `{c0[:7]}`（`HEAD~1`） → `{c1[:7]}`（`HEAD`）：修改 1 条，新增 0 条，删除 0 条。

### 修改：昌吉州煤矿安全综合联网监控系统运维工作经费

记录 `2021-cj-coal-network-ops` · `{RECORD}`

| 项目 | 原值 | 新值 |
|---|---|---|
| 指标“综合监控联网平台升级”得分 `indicators[0].score` | 10 | 5 |
| 总分 `total.score` | 98.56 | 93.56 |

- 复核总分：99.04（不变）；复核等级：优（不变）
- 更正原因（2022-10-05）：{SCORE_REASON}
- 已解决的问题：
  - ⚠️ 警告 W103（第 29 行 `indicators[0].score`）：指标“综合监控联网平台升级”的得分 10 超过分值（分值 5）。
"""
