"""Issue 12: every table shaped like a real defect publishes, blanks shown blank (real build)."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.scoring.coverage import REASONS
from tests.fidelityfixtures import write_fixtures
from tests.sitebuild import CONTENT, build_docs, build_site


def test_blank_cell_tables_publish_with_the_blanks_shown_blank(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    write_fixtures(content)
    docs, site = tmp_path / "docs", tmp_path / "site"
    assert build_docs(content, docs) == 0
    for record_id in ("2022-blank-cells", "2022-chizhou-entrusted", "2022-no-budget-column",
                      "2022-correct-units", "2022-sichuan-shape"):
        assert (docs / "records" / "2022" / f"{record_id}.md").is_file(), record_id
    page = (docs / "records" / "2022" / "2022-blank-cells.md").read_text(encoding="utf-8")
    # the header as published: both cells blank; the crumb names the blank department
    assert ('<th class="jx-sticky-col" scope="row" colspan="2">主管部门</th><td colspan="3"></td>'
            '<th scope="row">实施单位</th><td colspan="3"></td>') in page
    assert "（原表未填主管部门）" in page
    assert "无法核实：指标值与完成值均为空，照原表得分计入" in page
    departments = (docs / "departments" / "index.md").read_text(encoding="utf-8")
    assert "（原表未填主管部门）</a>" in departments
    method = (docs / "method" / "index.md").read_text(encoding="utf-8")
    assert "## 复核覆盖 {#coverage}" in method
    assert all(f"<li><strong>{label}</strong>：{text}</li>" in method for label, text in REASONS.values())
    assert "Passes:" not in method and "Fails:" not in method  # users read Chinese, not docstrings
    assert "执行率 = 全年执行数 ÷ 调整后预算数；执行率低于 90.00% 须说明原因" in method
    result = build_site(docs, site)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (site / "records" / "2022" / "2022-blank-cells" / "index.html").read_text(encoding="utf-8")
    assert "<td colspan=\"3\"></td>" in html
