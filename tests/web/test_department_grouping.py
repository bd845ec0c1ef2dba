"""One department page however the 主管部门 was spaced or typed (issue 11, item 4)."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.cli.options import load_paths
from generator.read.siteconfig import SiteConfig
from generator.rules.check import check
from tests.sitebuild import CONTENT, build_docs

DEPARTMENT = "昌吉回族自治州能源安全监测中心"
VARIANTS = {"2021-cj-coal-network-ops": f"{DEPARTMENT}\\u00a0",
            "2021-cj-coal-digital-monitoring": f"{DEPARTMENT[:4]}\\u200b{DEPARTMENT[4:]}"}


def _variant_content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    for rid, printed in VARIANTS.items():
        target = content / "records" / "2021" / f"{rid}.yaml"
        text = target.read_text(encoding="utf-8")
        assert f"department: {DEPARTMENT}\n" in text
        target.write_text(text.replace(f"department: {DEPARTMENT}\n", f'department: "{printed}"\n'),
                          encoding="utf-8")
    return content


def test_spelling_variants_share_one_department_page(tmp_path: Path) -> None:
    content = _variant_content(tmp_path)
    out = tmp_path / "docs"
    assert build_docs(content, out) == 0
    pages = sorted(p.relative_to(out).as_posix() for p in (out / "departments").rglob("index.md"))
    assert pages == ["departments/dcfa69670de/index.md", "departments/index.md"]
    page = (out / "departments" / "dcfa69670de" / "index.md").read_text(encoding="utf-8")
    for rid in ("2021-cj-coal-network-ops", "2021-cj-coal-digital-monitoring",
                "2021-cj-energy-saving-service", "2021-cj-coal-expert-consultation"):
        assert f"records/2021/{rid}/" in page
    record_page = (out / "records" / "2021" / "2021-cj-coal-network-ops.md")
    assert f"{DEPARTMENT}\u00a0" in record_page.read_text(encoding="utf-8")  # shown as printed


def test_each_variant_spelling_gets_a_finding(tmp_path: Path) -> None:
    checked = check(load_paths([_variant_content(tmp_path)]), SiteConfig())
    found = sorted((Path(d.file).stem, d.message) for d in checked.diagnostics if d.code == "S140")
    assert found == [
        ("2021-cj-coal-digital-monitoring",
         f"主管部门印为“{DEPARTMENT[:4]}\u200b{DEPARTMENT[4:]}”，与其他 2 条记录的“{DEPARTMENT}”写法不同"
         "（空白或不可见字符 U+200B）；本站按同一部门归类。"),
        ("2021-cj-coal-network-ops",
         f"主管部门印为“{DEPARTMENT}\u00a0”，与其他 2 条记录的“{DEPARTMENT}”写法不同"
         "（空白或不可见字符 U+00A0）；本站按同一部门归类。"),
    ]
