"""Done-when of issue 6 for `diff`, with the real rules and scoring: one readable block."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli.main import main
from tests.ledgerrepo import correct_score, publish, score_correction_diff


def test_diff_head_1_describes_a_score_correction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    c0, c1 = publish(tmp_path), correct_score(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "HEAD~1", "HEAD"]) == 0
    assert capsys.readouterr().out == score_correction_diff(c0, c1)
