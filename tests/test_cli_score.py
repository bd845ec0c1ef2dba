"""The `score` command line: the seed's figures, both formats, profiles and exit codes.

The golden files are the exact output; after a reviewed change, refresh them with
`python -m generator score content --format json > tests/golden/score/seed.json` and
`python -m generator score content/records/2021/2021-cj-coal-network-ops.yaml
> tests/golden/score/network-ops.txt`, and review the diff like code.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import CONTENT, ROOT, SEED_HOME

GOLDEN = ROOT / "tests" / "golden" / "score"
NETWORK_OPS = "content/records/2021/2021-cj-coal-network-ops.yaml"


def run(*args: str, cwd: Path = SEED_HOME) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


def seed_json() -> dict[str, Any]:
    result = run("score", "content", "--format", "json")
    assert (result.returncode, result.stderr) == (0, "")
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_seed_first_table_figures() -> None:
    record = next(r for r in seed_json()["records"] if r["id"] == "2021-cj-coal-network-ops")
    reported, computed = record["reported"], record["computed"]
    assert (reported["funds_rate"], reported["funds_score"], reported["total"],
            reported["grade"]) == ("0.9039", "9.04", "98.56", None)
    assert (computed["funds_rate"], computed["funds_score"], computed["total"],
            computed["grade"]) == ("0.9039", "9.04", "99.04", "优")
    first, interface, cost = (computed["indicators"][i] for i in (0, 2, 6))
    assert (first["score"], reported["indicators"][0]["score"]) == ("5.00", "10.00")
    assert (interface["name"], interface["score"], reported["indicators"][2]["score"]) == (
        "数据接口接入", "10.00", "5.00")
    assert (cost["score"], reported["indicators"][6]["score"]) == ("5.00", "4.52")
    assert first["method"] == "正向指标：完成值达到指标值，得满分"
    assert cost["method"] == "反向指标：完成值未超过指标值，得满分"
    assert all(i["method"] for i in computed["indicators"])


def test_seed_json_is_exactly_the_golden_file() -> None:
    result = run("score", "content", "--format", "json")
    assert result.stdout == (GOLDEN / "seed.json").read_text(encoding="utf-8")


def test_every_record_has_the_documented_shape() -> None:
    records = seed_json()["records"]
    assert [r["id"] for r in records] == [
        "2021-cj-coal-digital-monitoring", "2021-cj-coal-expert-consultation",
        "2021-cj-coal-network-ops", "2021-cj-energy-saving-service"]
    for record in records:
        for side in ("reported", "computed"):
            assert {"funds_rate", "funds_score", "total", "grade", "indicators"} <= set(record[side])
            assert all({"name", "weight", "score"} <= set(i) for i in record[side]["indicators"])
        assert all("method" in i for i in record["computed"]["indicators"])


def test_text_table_is_exactly_the_golden_file() -> None:
    result = run("score", NETWORK_OPS)
    assert result.returncode == 0
    assert result.stdout == (GOLDEN / "network-ops.txt").read_text(encoding="utf-8")


def test_text_table_columns_line_up_with_wide_characters() -> None:
    from generator.report.scoretable import display_width

    lines = run("score", NETWORK_OPS).stdout.splitlines()
    table = lines[3:lines.index("", 3)]
    # every method (正向指标：…, 定性指标：…) starts at the same display column
    starts = {display_width(line[: line.index("指标：") - 2]) for line in table if "指标：" in line}
    assert starts == {display_width(table[0][: table[0].index("复核方法")])}
    assert display_width("数据接口接入") == 12


def copy_content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    return content


def cost_overrun(content: Path, extra: str = "") -> Path:
    """Make the seed's cost indicator miss its target: 100万元 spent against ≤85万元."""
    target = content / "records" / "2021" / "2021-cj-coal-network-ops.yaml"
    text = target.read_text(encoding="utf-8").replace("actual: 76.83万元", "actual: 100万元")
    target.write_text(text.replace("amount_unit: 万元\n", "amount_unit: 万元\n" + extra),
                      encoding="utf-8")
    return target


def cost_score(path: Path) -> tuple[str, str]:
    result = run("score", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    cost = json.loads(result.stdout)["records"][0]["computed"]["indicators"][6]
    return cost["score"], cost["method"]


def test_profile_from_site_yaml(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    record = cost_overrun(content)
    assert cost_score(record) == ("4.25", "反向指标：指标值÷完成值×分值")
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace(
        "profile: national", "profile: linear-reverse"), encoding="utf-8")
    assert cost_score(record) == ("4.12", "反向指标：(1−(完成值−指标值)÷指标值)×分值，两倍指标值时为0")


def test_profile_overridden_per_record(tmp_path: Path) -> None:
    record = cost_overrun(copy_content(tmp_path), "profile: linear-reverse\n")
    assert cost_score(record)[0] == "4.12"


def test_unknown_profile_and_broken_record_exit_1_others_still_scored(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    cost_overrun(content, "profile: provincial\n")
    broken = content / "records" / "2021" / "2021-cj-coal-expert-consultation.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("weight: 10\n", "weight: abc\n", 1),
                      encoding="utf-8")
    result = run("score", str(content), "--format", "json")
    assert result.returncode == 1
    assert [r["id"] for r in json.loads(result.stdout)["records"]] == [
        "2021-cj-coal-digital-monitoring", "2021-cj-energy-saving-service"]
    assert "评分规则“provincial”不存在" in result.stderr
    assert "S102" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_path_exits_2() -> None:
    result = run("score", "no/such/folder")
    assert result.returncode == 2
    assert "找不到" in result.stderr
