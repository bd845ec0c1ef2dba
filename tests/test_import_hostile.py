"""Hostile Word and Excel files: each gives its located M-code error, never 内部错误 (issue 11, item 5).

Every case is built here from the national template of a content/ record and then broken the
way an attacker or a broken tool would. The import must exit 1, write nothing and report the
exact error naming file, part or sheet and cell. Bounds (limits.py) make each case finish in
seconds and bounded memory; that is measured, never timed, here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.cli.main import main
from generator.importers.limits import MAX_FILE_BYTES
from tests.importfixtures import build_docx, build_xlsx, national_grid, seed_record
from tests.officexml import add_shared_strings, bomb, rewrite, run_of, sheet_cell
from tests.test_import_office import FIRST, numeric

DOC = "word/document.xml"
SHEET = "xl/worksheets/sheet1.xml"
REPAIR = " 提示：文件已损坏；请用 Excel 或 WPS 打开并另存后再导入。"
SPLIT = " 提示：请删去表格以外的内容，或把文件拆成几个再导入。"
Builder = Callable[[Path, Path], None]


def xlsx(root: Path, path: Path) -> None:
    build_xlsx(path, [("表", [numeric(national_grid(seed_record(FIRST)))])])


def docx(root: Path, path: Path) -> None:
    build_docx(path, [national_grid(seed_record(FIRST))])


def xlsx_bomb(root: Path, path: Path) -> None:
    xlsx(root, path)
    bomb(path, SHEET, 40 << 20)


def docx_bomb(root: Path, path: Path) -> None:
    docx(root, path)
    bomb(path, DOC, 40 << 20)


def text_at_xfd1(root: Path, path: Path) -> None:
    xlsx(root, path)
    rewrite(path, SHEET, '<row r="1">',
            '<row r="1"><c r="XFD1" t="inlineStr"><is><t>备注</t></is></c>')
    # cells must be in column order: move the far cell after A1
    rewrite(path, SHEET, '<c r="XFD1" t="inlineStr"><is><t>备注</t></is></c>' + sheet_cell(path, "A1"),
            sheet_cell(path, "A1") + '<c r="XFD1" t="inlineStr"><is><t>备注</t></is></c>')


def text_in_row_million(root: Path, path: Path) -> None:
    xlsx(root, path)
    rewrite(path, SHEET, "</sheetData>",
            '<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>草稿</t></is></c></row></sheetData>')


def malformed_sheet(root: Path, path: Path) -> None:
    xlsx(root, path)
    rewrite(path, SHEET, '<row r="7">', '<row r="7"><c r="A7"><v>1</v></row>')


def string_out_of_range(root: Path, path: Path) -> None:
    xlsx(root, path)
    add_shared_strings(path, ["项目名称"])
    rewrite(path, SHEET, sheet_cell(path, "A3"), '<c r="A3" t="s"><v>0</v></c>')
    rewrite(path, SHEET, sheet_cell(path, "A4"), '<c r="A4" t="s"><v>99999</v></c>')


def huge_number(root: Path, path: Path) -> None:
    grid = numeric(national_grid(seed_record(FIRST)))
    next(r for r in grid if r[1] == "年度资金总额")[5] = (1e30, "General")
    build_xlsx(path, [("表", [grid])])


def not_a_number(root: Path, path: Path) -> None:
    xlsx(root, path)
    cell = sheet_cell(path, "D6")
    rewrite(path, SHEET, cell, '<c r="D6"><v>8.5.0</v></c>')


def doctype_sheet(root: Path, path: Path) -> None:
    xlsx(root, path)
    rewrite(path, SHEET, "<worksheet ",
            '<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><worksheet ')


def malformed_document(root: Path, path: Path) -> None:
    docx(root, path)
    rewrite(path, DOC, run_of("76.83"), "<w:r><w:t>76.83</w:r>")


def wide_span(root: Path, path: Path) -> None:
    docx(root, path)
    rewrite(path, DOC, '<w:tcW w:type="dxa" w:w="960"/></w:tcPr><w:p><w:r><w:t>76.83',
            '<w:tcW w:type="dxa" w:w="960"/><w:gridSpan w:val="1000000"/></w:tcPr>'
            '<w:p><w:r><w:t>76.83')


def many_paragraphs(root: Path, path: Path) -> None:
    docx(root, path)
    rewrite(path, DOC, "<w:body>", "<w:body>" + f"<w:p>{run_of('附')}</w:p>" * 20_001)


def hidden_merge_top(root: Path, path: Path) -> None:
    xlsx(root, path)
    book = load_workbook(path)
    book["表"].row_dimensions[10].hidden = True  # 年度总体目标 merged down over rows 10–11
    book.save(path)


def huge_file(root: Path, path: Path) -> None:
    with path.open("wb") as out:
        out.truncate(MAX_FILE_BYTES + (1 << 20))  # sparse: no disk used, never read


def missing_sheet_part(root: Path, path: Path) -> None:
    xlsx(root, path)
    rewrite(path, "xl/_rels/workbook.xml.rels", "worksheets/sheet1.xml", "worksheets/sheet9.xml")


CASES: dict[str, tuple[str, Builder, str]] = {
    "xlsx-zip-bomb": ("xlsx", xlsx_bomb,
                      "bomb.xlsx:1:1: error M121 文件内部的“xl/worksheets/sheet1.xml”解压后有 40.0 MiB，"
                      "超过上限 32.0 MiB。 提示：请确认文件是否正确；正常的自评表文件远小于此。"),
    "docx-zip-bomb": ("docx", docx_bomb,
                      "bomb.docx:1:1: error M121 文件内部的“word/document.xml”解压后有 40.0 MiB，"
                      "超过上限 32.0 MiB。 提示：请确认文件是否正确；正常的自评表文件远小于此。"),
    "text-at-XFD1": ("xlsx", text_at_xfd1,
                     "bomb.xlsx:1:16384: error M122 工作表“表”第 16384 列有内容，超过列数上限 200。"
                     " 提示：请删去表格以外的内容后再导入。"),
    "text-in-row-1000000": ("xlsx", text_in_row_million,
                            "bomb.xlsx:1000000:1: error M122 工作表“表”第 1000000 行有内容，"
                            f"超过行数上限 20000。{SPLIT}"),
    "malformed-sheet-xml": ("xlsx", malformed_sheet,
                            "bomb.xlsx:6:9: error M123 工作表“表”（xl/worksheets/sheet1.xml）不是合法的 XML"
                            "（第 1 行第 {col} 列：Opening and ending tag mismatch: c line 1 and row，"
                            f"在单元格 工作表“表”I6 之后）。{REPAIR}"),
    "shared-string-out-of-range": ("xlsx", string_out_of_range,
                                   "bomb.xlsx:4:1: error M123 工作表“表”A4 指向第 99999 条共享字符串，"
                                   f"但文件只有 1 条。{REPAIR}"),
    "1e30-in-a-cell": ("xlsx", huge_number,
                       "bomb.xlsx:6:6: error M125 工作表“表”F6：数值 1E+30 超出 Excel 的 15 位精度，"
                       "不可能是印出的数字。 提示：请核对原表中该单元格的数值。"),
    "number-not-a-number": ("xlsx", not_a_number,
                            f"bomb.xlsx:6:4: error M123 工作表“表”D6 的数值“8.5.0”不是数字。{REPAIR}"),
    "doctype-entities": ("xlsx", doctype_sheet,
                         "bomb.xlsx:1:1: error M123 文件内部的“xl/worksheets/sheet1.xml”含有文档类型声明"
                         "（DOCTYPE），Office 文件不会有，拒绝读取。 提示：文件已损坏或不是 Office 保存的文件；"
                         "请用 Word、Excel 或 WPS 打开并另存后再导入。"),
    "malformed-document-xml": ("docx", malformed_document,
                               "bomb.docx:1:1: error M123 文件内部的“word/document.xml”不是合法的 XML"
                               "（第 2 行第 {col} 列：Opening and ending tag mismatch: t line 2 and r）。"
                               " 提示：文件已损坏或不是 Office 保存的文件；请用 Word、Excel 或 WPS 打开并另存后再导入。"),
    "gridspan-one-million": ("docx", wide_span,
                             "bomb.docx:6:6: error M122 Word 第 1 个表格第 1000005 列有内容，超过列数上限 200。"
                             " 提示：请删去表格以外的内容后再导入。"),
    "20001-paragraphs": ("docx", many_paragraphs,
                         f"bomb.docx:20001:1: error M122 文档第 20001 行有内容，超过行数上限 20000。{SPLIT}"),
    "hidden-merge-top": ("xlsx", hidden_merge_top,
                         "bomb.xlsx:10:1: error M128 工作表“表”A10 在隐藏的行或列中，却是跨到可见部分的合并单元格"
                         "“年度总体目标”的内容。 提示：请在 Excel 中取消隐藏该行（列）或拆分合并单元格后再导入。"),
    "file-above-64-MiB": ("xlsx", huge_file,
                          "bomb.xlsx:1:1: error M121 文件有 65.0 MiB，超过上限 64.0 MiB。"
                          " 提示：正常的自评表文件远小于此；请确认选对了文件。"),
    "sheet-part-missing": ("xlsx", missing_sheet_part,
                           "bomb.xlsx:1:1: error M123 文件内部缺少“xl/worksheets/sheet9.xml”。"
                           " 提示：文件已损坏或不是 Office 保存的文件；请用 Word、Excel 或 WPS 打开并另存后再导入。"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_office_file_gives_its_located_error(
        name: str, root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    suffix, build, expected = CASES[name]
    source = tmp_path / f"bomb.{suffix}"
    build(root, source)
    out = tmp_path / "out"
    code = main(["import", str(source), "--out", str(out), "--content", str(out)])
    captured = capsys.readouterr()
    err = captured.err.replace(str(source), source.name)
    assert (code, captured.out) == (1, "")
    first = err.splitlines()[0]
    if "{col}" in expected:  # lxml's column of a syntax error is its own business
        head, tail = expected.split("{col}")
        assert first.startswith(head) and first.endswith(tail), first
    else:
        assert first == expected
    assert err.splitlines()[-1] == "导入失败：1 个错误，没有写入任何文件。"
    assert "内部错误" not in err
    assert not out.exists()


@pytest.mark.parametrize(("suffix", "build", "place"), [
    ("xlsx", xlsx, "bomb.xlsx:1:1: error M122 读到 工作表“表”A1 时"),
    ("docx", docx, "bomb.docx:1:1: error M122 读到 Word 第 1 个表格第 1 行第 1 列 时"),
])
def test_time_bound_names_where_reading_stopped(
        root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, suffix: str, build: Builder, place: str) -> None:
    """The last guard: past its time a reader stops at the cell it reached (here: at once)."""
    monkeypatch.setattr("generator.importers.limits.MAX_SECONDS", 0.0)
    source = tmp_path / f"bomb.{suffix}"
    build(root, source)
    out = tmp_path / "out"
    code = main(["import", str(source), "--out", str(out), "--content", str(out)])
    err = capsys.readouterr().err.replace(str(source), source.name)
    assert code == 1
    assert err.splitlines()[0] == (
        f"{place}已超过时间上限 0 秒，导入中止。 提示：文件过于庞大或结构异常；"
        "请删去表格以外的内容，或把文件拆成几个再导入。")
