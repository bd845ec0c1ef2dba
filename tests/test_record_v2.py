"""Record format 2 (provincial layouts): loaded, validated, scored and shown; 1 → 2 migration."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.importers.emit import emit_record
from generator.importers.outputs import generated_id
from tests.provincefixtures import expected_method, expected_sichuan, expected_xianjie
from tests.sitebuild import CONTENT, build_docs

_SOURCE = {"document": "2022年度项目支出绩效自评表", "file": None, "sha256": None,
           "url": "https://example.invalid/table"}


def _content(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Return a content folder with the seed's records and the three schema-2 records."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    ids: dict[str, str] = {}
    for name, expected in (("sichuan", expected_sichuan), ("xianjie", expected_xianjie),
                           ("method", expected_method)):
        record = expected(dict(_SOURCE))
        record["id"] = generated_id(2022, record["department"], record["title"])
        ids[name] = record["id"]
        folder = content / "records" / "2022"
        folder.mkdir(exist_ok=True)
        (folder / f"{record['id']}.yaml").write_text(emit_record(record), encoding="utf-8")
    return content, ids


def test_schema_2_records_validate_score_and_show(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    content, ids = _content(tmp_path)
    assert main(["validate", str(content), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [d for d in report["diagnostics"] if d["severity"] == "error"] == []
    assert main(["score", str(content / "records" / "2022"), "--format", "json"]) == 0
    scored = {r["id"]: r for r in json.loads(capsys.readouterr().out)["records"]}
    assert scored[ids["sichuan"]]["computed"]["funds_rate"] == "0.9500"  # 152 ÷ 160 (调整后预算数)
    assert scored[ids["xianjie"]]["reported"]["total"] == "99.00"
    out = tmp_path / "docs"
    assert build_docs(content, out) == 0
    sichuan = (out / "records" / "2022" / f'{ids["sichuan"]}.md').read_text(encoding="utf-8")
    for shown in ("<th scope=\"col\">调整后预算数</th>", "<th scope=\"col\">执行数</th>",
                  ">财政资金</th>", ">财政专户管理资金</th><td class=\"jx-num\">20</td>",
                  ">单位资金</th>", "<th class=\"jx-sticky-col\" scope=\"row\" colspan=\"2\">评价结论</th>",
                  "合理安排汛期前后的养护计划。", 'rowspan="6">项目资金'):
        assert shown in sichuan, shown
    assert ">上年结转资金<" not in sichuan  # the Sichuan table prints no such row
    method = (out / "records" / "2022" / f'{ids["method"]}.md').read_text(encoding="utf-8")
    assert "<caption>原表的得分计算方法</caption>" in method
    assert '<td class="jx-text">读者到馆人次</td><td class="jx-text">按完成比例计分</td>' in method
    assert "全年预算数（原表无此列）" in method


def test_migrate_changes_the_version_line_only(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    content, _ids = _content(tmp_path)
    before = {p: p.read_bytes() for p in content.rglob("*.yaml") if p.parent.name == "2021"}
    broken = content / "records" / "2021" / "broken.yaml"
    broken.write_bytes(b"schema_version: 1\nid: [\n")
    assert main(["migrate", str(content)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == f"升级 {len(before)} 个文件，1 个无法升级。"
    assert captured.err.startswith(f"{broken}: 未升级：")
    assert broken.read_bytes() == b"schema_version: 1\nid: [\n"
    for path, old in before.items():
        new = path.read_bytes()
        assert new == old.replace(b"\nschema_version: 1\n", b"\nschema_version: 2\n", 1)
        assert new != old
    broken.unlink()
    assert main(["migrate", str(content)]) == 0
    assert capsys.readouterr().out == "升级 0 个文件，0 个无法升级。\n"
    assert main(["validate", str(content)]) == 0
