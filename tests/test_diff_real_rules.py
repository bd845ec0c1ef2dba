"""Done-when of issue 6 for `diff`, with the real rules and scoring: one readable block."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from tests.ledgerrepo import RECORD, SCORE_REASON, correct_score, publish


def test_diff_head_1_describes_a_score_correction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    c0, c1 = publish(tmp_path), correct_score(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "HEAD~1", "HEAD"]) == 0
    assert capsys.readouterr().out == f"""## 绩效自评表变更

比较 `{c0[:7]}`（HEAD~1） → `{c1[:7]}`（HEAD）：修改 1 条，新增 0 条，删除 0 条。

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
