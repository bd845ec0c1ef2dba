"""`import` of Word and Excel tables built here: national and Yunnan layouts, merged cells."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from generator.cli.main import main
from generator.cli.options import load_paths
from generator.importers.outputs import generated_id
from generator.read.schema import record_schema
from generator.read.schemawalk import Walk, walk
from generator.read.siteconfig import SiteConfig
from generator.read.yamlread import read_yaml
from generator.rules.check import check
from tests.conftest import CONTENT
from tests.importfixtures import Grid, build_docx, build_xlsx, national_grid, seed_record
from tests.yunnanfixture import YUNNAN_A, YUNNAN_B, expected_a, expected_b

FIRST, SECOND = "2021-cj-coal-network-ops", "2021-cj-coal-digital-monitoring"


def plain(path: Path) -> dict[str, Any]:
    """Return a record file as plain data, numbers as exact decimals (85.00 stays 85.00)."""
    read = read_yaml(path.read_bytes(), path.as_posix())
    w = Walk(path.as_posix(), record_schema())
    data: dict[str, Any] = walk(read.node, record_schema(), w)
    assert not w.diagnostics
    return data


def canon(data: dict[str, Any]) -> str:
    """Return the data as text keeping every decimal's printed places."""
    return json.dumps(data, default=str, ensure_ascii=False, indent=1)


def run_import(tmp_path: Path, capsys: pytest.CaptureFixture[str], source: Path) -> list[Path]:
    code = main(["import", str(source), "--out", str(tmp_path / "out"), "--content", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert (code, captured.err) == (0, ""), captured.err
    checked = check(load_paths([tmp_path / "out"]), SiteConfig())
    assert checked.errors == 0, [d.message for d in checked.diagnostics]
    return [Path(line.split("\t")[1]) for line in captured.out.splitlines()[:-1]]


def source_of(path: Path, year: int) -> dict[str, Any]:
    return {"document": f"{year}年度项目支出绩效自评表", "file": path.name,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "url": None}


def expected_seed(name: str, source: Path, notes: str) -> dict[str, Any]:
    """Return the content/ record as the Word/Excel import must give it."""
    data = plain(CONTENT / "records" / "2021" / f"{name}.yaml")
    data["id"] = generated_id(2021, data["department"], data["title"])
    data["notes"] = notes
    data["source"] = source_of(source, 2021)
    return data


def national_docx(path: Path) -> None:
    """Two tables: one titled inside the table with a note row, one titled by paragraphs."""
    first, second = seed_record(FIRST), seed_record(SECOND)
    build_docx(path, ["附件", national_grid(first, note="注：执行率按全年预算数计算。"),
                      "项 目 支 出 绩 效 自 评 表", "（2021年度）",
                      national_grid(second, title_row=False), "注：本表金额单位为万元。",
                      "填表人：张三"])


def test_national_docx_equals_content(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "national.docx"
    national_docx(source)
    written = run_import(tmp_path, capsys, source)
    assert canon(plain(written[0])) == canon(
        expected_seed(FIRST, source, "注：执行率按全年预算数计算。"))
    assert canon(plain(written[1])) == canon(
        expected_seed(SECOND, source, "注：本表金额单位为万元。"))


def numeric(grid: Grid) -> Grid:
    """Store the funds and weights as Excel numbers with number formats, as offices do."""
    out: Grid = []
    for row in grid:
        row = list(row)
        if row[1] == "年度资金总额":
            row[3:6] = [(float(v), "0.00") for v in row[3:6]]
            row[7] = (float(Decimal(row[7][:-1]) / 100), "0.00%")
        elif row[1] in ("其中：当年财政拨款", "上年结转资金", "其他资金"):
            row[3:6] = [(int(v) if v.isdigit() else float(v), "General") for v in row[3:6]]
        elif len(row) == 9 and row[6].isdigit() and row[0] == "^":
            row[6] = (int(row[6]), "General")
        out.append(row)
    return out


def test_national_xlsx_equals_content(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "national.xlsx"
    first, second = seed_record(FIRST), seed_record(SECOND)
    build_xlsx(source, [("自评表", [numeric(national_grid(first, note="注：第一张。")),
                                    numeric(national_grid(second))])])
    written = run_import(tmp_path, capsys, source)
    assert canon(plain(written[0])) == canon(expected_seed(FIRST, source, "注：第一张。"))
    assert canon(plain(written[1])) == canon(expected_seed(SECOND, source, ""))


def test_yunnan_docx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "yunnan.docx"
    build_docx(source, [YUNNAN_A, "项目支出绩效自评表", "2022年度", YUNNAN_B[1:], "填表人：李四"])
    written = run_import(tmp_path, capsys, source)
    assert canon(plain(written[0])) == canon(expected_a(source_of(source, 2022)))
    assert canon(plain(written[1])) == canon(expected_b(source_of(source, 2022)))


def test_yunnan_xlsx_two_sheets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "yunnan.xlsx"
    grid = [list(row) for row in YUNNAN_A]
    for row in grid:
        if row[1] in ("年度资金总额", "其中：当年财政拨款"):
            row[3], row[5], row[7] = ((Decimal(v.replace(",", "")), "#,##0.00")
                                      for v in (row[3], row[5], row[7]))
    build_xlsx(source, [("一", [grid]), ("二", [YUNNAN_B])])
    written = run_import(tmp_path, capsys, source)
    assert canon(plain(written[0])) == canon(expected_a(source_of(source, 2022)))
    assert canon(plain(written[1])) == canon(expected_b(source_of(source, 2022)))


def _fail(tmp_path: Path, capsys: pytest.CaptureFixture[str], source: Path) -> str:
    code = main(["import", str(source), "--out", str(tmp_path / "out"), "--content", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert (code, captured.out) == (1, "")
    assert not (tmp_path / "out").exists()
    return captured.err.replace(str(source), source.name)


def test_docx_bad_score_names_word_table_row_and_column(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    grid = national_grid(seed_record(SECOND))
    row = next(r for r in grid if r[3] == "硬件全年维休时间（天）")
    row[7] = "五"
    source = tmp_path / "bad.docx"
    build_docx(source, [national_grid(seed_record(FIRST)), grid])
    assert _fail(tmp_path, capsys, source) == (
        "bad.docx:17:8: error M106 第 2 张表第 17 行第 8 格（Word 第 2 个表格第 17 行第 8 列）："
        "指标“硬件全年维休时间（天）”的得分“五”不是数字。 提示：请核对原表；本工具不猜测数字，也不改动原表。\n"
        "导入失败：1 个错误，没有写入任何文件。\n")


def test_docx_unknown_indicator_column(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    grid = [[*row, "备注" if row[1] == "一级指标" else ""] for row in
            national_grid(seed_record(FIRST))]
    source = tmp_path / "extra.docx"
    build_docx(source, [grid])
    assert _fail(tmp_path, capsys, source).splitlines()[0] == (
        "extra.docx:12:10: error M105 第 1 张表第 12 行第 10 格（Word 第 1 个表格第 12 行第 10 列）："
        "无法识别年度绩效指标的列“备注”。 提示：本工具认识的列：一级指标、二级指标、三级指标、年度指标值、"
        "实际完成值、分值、得分（可有：偏差原因分析及改进措施、得分计算方法）；或 一级指标、二级指标、三级指标、"
        "指标性质、指标值、度量单位、实际完成值、分值、得分（可有：偏差原因分析及改进措施、得分计算方法）；或 "
        "一级指标、二级指标、三级指标、指标性质、指标值、度量单位、完成值、分值、得分（可有：未完成原因分析、"
        "得分计算方法）。")


def test_xlsx_formula_without_saved_result(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    grid = national_grid(seed_record(FIRST))
    total = next(r for r in grid if r[1] == "年度资金总额")
    total[7] = ("=F6/E6", "0.00%")  # a real formula, saved without its result
    source = tmp_path / "formula.xlsx"
    build_xlsx(source, [("表", [grid])])
    err = _fail(tmp_path, capsys, source)
    assert err.splitlines()[0] == (
        "formula.xlsx:6:8: error M106 工作表“表”H6 是公式 =F6/E6，但文件没有保存计算结果。"
        " 提示：请用 Excel 或 WPS 打开文件并保存一次，再导入。")


def test_heading_paragraph_above_a_titled_table_is_one_table(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "heading.docx"
    build_docx(source, ["2021年度项目支出绩效自评表", "填报单位（盖章）：昌吉回族自治州能源安全监测中心",
                        national_grid(seed_record(FIRST))])
    written = run_import(tmp_path, capsys, source)
    assert len(written) == 1
    assert canon(plain(written[0])) == canon(expected_seed(FIRST, source, ""))
