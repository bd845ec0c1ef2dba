"""Word and Excel files read as Word and Excel show them (issue 11, item 3).

Each fixture is the national template of a content/ record, built by tests/importfixtures.py
and then edited at the XML level the way Word or Excel writes tracked changes, hidden text,
fields, content controls, number formats and hidden sheets. The import must give exactly the
content/ record (the figures as printed), or refuse at the named cell.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.cli.main import main
from tests.importfixtures import build_docx, build_xlsx, national_grid, seed_record
from tests.officexml import read_part, rewrite, run_of, sheet_cell
from tests.test_import_office import FIRST, SECOND, canon, expected_seed, numeric, plain

DOC = "word/document.xml"
SHEET = "xl/worksheets/sheet1.xml"
STAMP = 'w:id="{}" w:author="张三" w:date="2022-03-01T00:00:00Z"'


def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str], source: Path,
             ) -> tuple[int, list[Path], str]:
    """Import one source; return exit code, written files and stderr with short file names."""
    out = tmp_path / "out"
    code = main(["import", str(source), "--out", str(out), "--content", str(out)])
    captured = capsys.readouterr()
    written = [Path(line.split("\t")[1]) for line in captured.out.splitlines()[:-1]]
    return code, written, captured.err.replace(str(source), source.name)


def first_docx(root: Path, path: Path) -> None:
    build_docx(path, [national_grid(seed_record(FIRST))])


def assert_content(root: Path, written: list[Path], source: Path, name: str = FIRST) -> None:
    assert len(written) == 1
    assert canon(plain(written[0])) == canon(expected_seed(name, source, ""))


# --- Word -------------------------------------------------------------------------------------

def test_tracked_changes_read_as_accepted(root: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "revised.docx"
    first_docx(root, source)
    # 76.83 typed as 7.83, the 6 inserted and a 0 deleted with tracking on
    rewrite(source, DOC, run_of("76.83"),
            f"<w:r><w:t>7</w:t></w:r><w:ins {STAMP.format(1)}><w:r><w:t>6</w:t></w:r></w:ins>"
            f"<w:del {STAMP.format(2)}><w:r><w:delText>0</w:delText></w:r></w:del>"
            "<w:r><w:t>.83</w:t></w:r>")
    code, written, err = imported(tmp_path, capsys, source)
    assert code == 0
    assert_content(root, written, source)
    assert err == ("revised.docx:1:1: warning M129 文档含有未接受的修订（Word 第 1 个表格第 6 行第 6 列），"
                   "已按“接受所有修订”后的文字导入。 提示：请核对这些位置；如修订不应接受，"
                   "请在 Word 中拒绝修订后再导入。\n")


def test_deleted_paragraph_mark_joins_the_paragraphs(root: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "joined.docx"
    first_docx(root, source)
    # "76" and ".83" typed as two paragraphs; the break between them deleted with tracking on
    rewrite(source, DOC, f"<w:p>{run_of('76.83')}</w:p>",
            f'<w:p><w:pPr><w:rPr><w:del {STAMP.format(5)}/></w:rPr></w:pPr>{run_of("76")}</w:p>'
            f'<w:p>{run_of(".83")}</w:p>')
    code, written, err = imported(tmp_path, capsys, source)
    assert code == 0
    assert_content(root, written, source)
    assert "M129 文档含有未接受的修订（Word 第 1 个表格第 6 行第 6 列）" in err


def test_deleted_table_row_is_left_out(root: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "deleted-row.docx"
    first_docx(root, source)
    xml = read_part(source, DOC)
    # a deleted copy of the first indicator row, scored 0: accepted, it is gone
    row = xml[xml.rindex("<w:tr>", 0, xml.index(run_of("综合监控联网平台升级"))):]
    row = row[: row.index("</w:tr>") + len("</w:tr>")]
    draft = row.replace("<w:tr>", f"<w:tr><w:trPr><w:del {STAMP.format(3)}/></w:trPr>", 1)
    rewrite(source, DOC, row, draft.replace(run_of("10"), run_of("0")) + row)
    code, written, err = imported(tmp_path, capsys, source)
    assert code == 0
    assert_content(root, written, source)
    assert "warning M129 文档含有未接受的修订（Word 第 1 个表格第 13 行（已删除的行））" in err


def test_hidden_text_is_left_out(root: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "hidden.docx"
    first_docx(root, source)
    # 9.04 with a hidden 1 in front: printed 9.04, a reader of every run gets 19.04
    rewrite(source, DOC, run_of("9.04分"),
            '<w:r><w:rPr><w:vanish/></w:rPr><w:t>1</w:t></w:r><w:r><w:t>9.04分</w:t></w:r>')
    # hidden through a character style; a run whose old formatting was hidden is shown
    rewrite(source, "word/styles.xml", "</w:styles>",
            '<w:style w:type="character" w:styleId="Draft"><w:name w:val="Draft"/>'
            '<w:rPr><w:vanish/></w:rPr></w:style>'
            '<w:style w:type="paragraph" w:styleId="DraftNote"><w:name w:val="DraftNote"/>'
            '<w:basedOn w:val="Normal"/><w:rPr><w:vanish/></w:rPr></w:style></w:styles>')
    rewrite(source, DOC, run_of("76.83"),
            '<w:r><w:rPr><w:rStyle w:val="Draft"/></w:rPr><w:t>99</w:t></w:r>'
            f'<w:r><w:rPr><w:rPrChange {STAMP.format(4)}><w:rPr><w:vanish/></w:rPr>'
            '</w:rPrChange></w:rPr><w:t>76.83</w:t></w:r>')
    # a whole paragraph of a hidden paragraph style inside the 总分 label cell
    rewrite(source, DOC, f"<w:p>{run_of('总分')}</w:p>",
            f'<w:p>{run_of("总分")}</w:p><w:p><w:pPr><w:pStyle w:val="DraftNote"/></w:pPr>'
            f'{run_of("（草稿：待复核）")}</w:p>')
    code, written, err = imported(tmp_path, capsys, source)
    assert code == 0
    assert_content(root, written, source)
    assert err == ("hidden.docx:1:1: warning M130 文档含有隐藏文字（Word 第 1 个表格第 6 行第 6 列、"
                   "Word 第 1 个表格第 6 行第 9 列、Word 第 1 个表格第 25 行第 1 列），已按打印效果略去。"
                   " 提示：隐藏文字不会打印；如它应是表格内容，请在 Word 中取消隐藏后再导入。\n")


BEGIN, SEP, END = (f'<w:r><w:fldChar w:fldCharType="{k}"/></w:r>' for k in ("begin", "separate", "end"))


def _complex_field(source: Path, root: Path) -> None:
    """A formula field whose instruction holds other digits; its result nests another field."""
    rewrite(source, DOC, run_of("9.04分"),
            f'{BEGIN}<w:r><w:instrText xml:space="preserve"> = 76.83/85*10 \\# "0.00" </w:instrText>'
            f'</w:r>{SEP}{BEGIN}<w:r><w:instrText> = 9 </w:instrText></w:r>{SEP}'
            f'<w:r><w:t>9</w:t></w:r>{END}<w:r><w:t>.04</w:t></w:r>{END}<w:r><w:t>分</w:t></w:r>')


def _simple_field(source: Path, root: Path) -> None:
    rewrite(source, DOC, run_of("85.00"),
            f'<w:fldSimple w:instr=" = 80+5 \\# 0.00 ">{run_of("85.00")}</w:fldSimple>')


def _run_control(source: Path, root: Path) -> None:
    rewrite(source, DOC, run_of("76.83"),
            '<w:sdt><w:sdtPr><w:alias w:val="全年执行数"/></w:sdtPr><w:sdtContent>'
            f'{run_of("76.83")}</w:sdtContent></w:sdt>')


def _block_row_cell_controls(source: Path, root: Path) -> None:
    """The table, its title row and one cell inside content controls (python-docx sees none)."""
    rewrite(source, DOC, "<w:tbl>", "<w:sdt><w:sdtPr/><w:sdtContent><w:tbl>")
    rewrite(source, DOC, "</w:tbl>", "</w:tbl></w:sdtContent></w:sdt>")
    rewrite(source, DOC, "<w:tr>", "<w:sdt><w:sdtContent><w:tr>")
    rewrite(source, DOC, "</w:tr>", "</w:tr></w:sdtContent></w:sdt>")
    xml = read_part(source, DOC)
    label = xml.index(run_of("年度资金总额"))
    cell = xml[xml.rindex("<w:tc>", 0, label): xml.index("</w:tc>", label) + len("</w:tc>")]
    rewrite(source, DOC, cell, f"<w:sdt><w:sdtContent>{cell}</w:sdtContent></w:sdt>")


def _smart_tag(source: Path, root: Path) -> None:
    title = seed_record(FIRST).title
    rewrite(source, DOC, run_of(title),
            '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place">'
            f'{run_of(title[:3])}</w:smartTag>{run_of(title[3:])}')


def _hyperlink(source: Path, root: Path) -> None:
    unit = seed_record(FIRST).implementer
    rewrite(source, DOC, run_of(unit),
            f'<w:hyperlink w:anchor="unit" w:history="1">{run_of(unit)}</w:hyperlink>')


def _field_left_open(source: Path, root: Path) -> None:
    """A field begun and never ended in one cell hides nothing in the next cells."""
    rewrite(source, DOC, f"<w:p>{run_of('年度资金总额')}</w:p>",
            f"<w:p>{run_of('年度资金总额')}{BEGIN}</w:p>")


@pytest.mark.parametrize("edit", [_complex_field, _simple_field, _run_control,
                                  _block_row_cell_controls, _smart_tag, _hyperlink, _field_left_open],
                         ids=lambda f: f.__name__.strip("_").replace("_", "-"))
def test_fields_controls_smart_tags_and_links_show_their_text(
        root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        edit: Callable[[Path, Path], None]) -> None:
    source = tmp_path / "fields.docx"
    first_docx(root, source)
    edit(source, root)
    code, written, err = imported(tmp_path, capsys, source)
    assert (code, err) == (0, "")
    assert_content(root, written, source)


def test_content_control_placeholder_is_blank(root: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "placeholder.docx"
    first_docx(root, source)
    rewrite(source, DOC, run_of("9.04分"),
            '<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>'
            f'{run_of("单击此处输入得分")}</w:sdtContent></w:sdt>')
    code, written, _err = imported(tmp_path, capsys, source)
    assert code == 0
    assert plain(written[0])["funds"]["reported"]["score"] is None


def test_nested_table_is_refused_at_its_cell(root: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "nested.docx"
    first_docx(root, source)
    rewrite(source, DOC, f"<w:p>{run_of('9.04分')}</w:p>",
            f"<w:tbl><w:tr><w:tc><w:p>{run_of('9.04')}</w:p></w:tc><w:tc><w:p>{run_of('分')}"
            "</w:p></w:tc></w:tr></w:tbl><w:p/>")
    code, written, err = imported(tmp_path, capsys, source)
    assert (code, written) == (1, [])
    assert err.splitlines()[0] == (
        "nested.docx:6:9: error M126 Word 第 1 个表格第 6 行第 9 列 中嵌套了一个表格，无法确定其中的数字属于哪一格。"
        " 提示：请在 Word 中把嵌套表格的内容移到外层表格的单元格里（或拆分单元格）后再导入。")
    assert not (tmp_path / "out").exists()


# --- Excel ------------------------------------------------------------------------------------

def scaled(grid: list[list[object]]) -> list[list[object]]:
    """Store the total row's 万元 amounts as larger numbers that formats scale back down."""
    out = numeric(grid)
    total = next(r for r in out if r[1] == "年度资金总额")
    total[3] = (85_000_000, "0.00,,")  # two scaling commas: ÷ 1,000,000 → 85.00
    total[4] = (8500, "0!.00")  # the escaped point is a literal between digits → 85.00
    total[5] = (76_830, "#,##0.00,")  # grouping, then one scaling comma → 76.83
    return out


def test_scaling_number_formats_are_applied(root: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "scaled.xlsx"
    build_xlsx(source, [("自评表", [scaled(national_grid(seed_record(FIRST)))])])
    code, written, err = imported(tmp_path, capsys, source)
    assert (code, err) == (0, "")
    assert_content(root, written, source)


def test_wan_yuan_format_shows_four_places(root: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    grid = numeric(national_grid(seed_record(FIRST)))
    next(r for r in grid if r[1] == "年度资金总额")[3] = (850_000, "0!.0000")
    source = tmp_path / "wan.xlsx"
    build_xlsx(source, [("自评表", [grid])])
    code, written, _err = imported(tmp_path, capsys, source)
    assert code == 0
    assert str(plain(written[0])["funds"]["total"]["initial"]) == "85.0000"


@pytest.mark.parametrize(("fmt", "reason"), [
    ("[DBNum1]0", "中文数字格式“[DBNum1]”"),
    ("[>=100]0.00;0.0", "条件或特殊格式“[>=100]”"),
    ("0.00E+00", "科学计数法格式“0.00E+00”"),
])
def test_formats_that_cannot_be_reproduced_are_refused_at_the_cell(
        root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, reason: str) -> None:
    grid = numeric(national_grid(seed_record(FIRST)))
    next(r for r in grid if r[1] == "年度资金总额")[6] = (10, fmt)
    source = tmp_path / "odd.xlsx"
    build_xlsx(source, [("表", [grid])])
    code, _written, err = imported(tmp_path, capsys, source)
    assert code == 1
    assert err.splitlines()[0] == (
        f"odd.xlsx:6:7: error M124 工作表“表”G6 的数值 10 用了数字格式“{fmt}”：{reason}，"
        "无法确定表上印的是什么。 提示：请在 Excel 中把该单元格改为常规或数值格式（显示的数字不变）后再导入。")


def test_hidden_sheet_rows_and_columns_are_skipped_with_a_warning(
        root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = national_grid(seed_record(FIRST))
    source = tmp_path / "drafts.xlsx"
    draft_rows = [["注：草稿，分值待定", *"<" * 8], ["^", *"<" * 8]]
    build_xlsx(source, [("自评表", [first, draft_rows]),
                        ("草稿", [national_grid(seed_record(SECOND))])])
    book = load_workbook(source)
    book["草稿"].sheet_state = "hidden"
    sheet = book["自评表"]
    draft = len(first) + 2
    sheet.row_dimensions[draft].hidden = True
    sheet.row_dimensions[draft + 1].hidden = True
    sheet["J13"], sheet["K14"] = "草稿：分值待核", "旧得分 8"  # a hidden column of notes
    sheet.column_dimensions["J"].hidden = True
    sheet.column_dimensions["K"].hidden = True
    book.save(source)
    code, written, err = imported(tmp_path, capsys, source)
    assert code == 0
    assert_content(root, written, source)
    assert err == (
        f"drafts.xlsx:{draft}:1: warning M127 工作表“自评表”第 {draft} 行是隐藏行，其中的内容已跳过，未导入。"
        " 提示：隐藏行多为草稿；要导入它，请在 Excel 中取消隐藏后保存。\n"
        "drafts.xlsx:1:10: warning M127 工作表“自评表”第 J、K 列是隐藏列，其中的内容已跳过，未导入。"
        " 提示：隐藏列多为草稿；要导入它，请在 Excel 中取消隐藏后保存。\n"
        "drafts.xlsx:1:1: warning M127 工作表“草稿”是隐藏工作表，已跳过，未导入。"
        " 提示：要导入它，请在 Excel 中取消隐藏后保存。\n")


def test_text_section_and_inline_strings(root: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    grid = numeric(national_grid(seed_record(FIRST)))
    source = tmp_path / "inline.xlsx"
    build_xlsx(source, [("表", [grid])])
    cell = sheet_cell(source, "B3")
    title = seed_record(FIRST).title
    rewrite(source, SHEET, cell, f'<c r="B3" t="inlineStr"><is><r><t>{title[:4]}</t></r>'
                                 f'<r><t>{title[4:]}</t></r><rPh sb="0" eb="1"><t>ちょう</t></rPh></is></c>')
    code, written, err = imported(tmp_path, capsys, source)
    assert (code, err) == (0, "")
    assert_content(root, written, source)


def test_formatted_blank_rows_and_a_styled_cell_at_xfd1_cost_nothing(
        root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Work is linear in the cells present: styled blanks (quadratic before) are passed over."""
    source = tmp_path / "formatted.xlsx"
    build_xlsx(source, [("表", [numeric(national_grid(seed_record(FIRST)))])])
    blank_rows = "".join(f'<row r="{r}" s="1" customFormat="1" ht="15" customHeight="1">'
                         f'<c r="A{r}" s="1"/><c r="I{r}" s="1"/></row>' for r in range(40, 2040))
    rewrite(source, SHEET, "</sheetData>",
            f'{blank_rows}<row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>')
    rewrite(source, SHEET, "<c r=\"A1\"", '<c r="XFD1" s="1"/><c r="A1"')  # out of order, blank
    code, written, err = imported(tmp_path, capsys, source)
    assert (code, err) == (0, "")
    assert_content(root, written, source)
