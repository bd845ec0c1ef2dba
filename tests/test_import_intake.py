"""`import` of PDF, legacy Office, web pages and provincial layouts, a folder at a time.

Every fixture is built here: Word and Excel files from grids, converted by LibreOffice to PDF,
.doc and .xls once per session (LibreOffice takes seconds per call), HTML written by the test.
Imported records are compared field by field with the expected ones.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.cli.main import main
from generator.importers import import_file
from generator.importers.limits import mib
from generator.importers.outputs import generated_id
from tests.conftest import CONTENT
from tests.importfixtures import build_xlsx, national_grid, seed_record
from tests.intakefixtures import convert, html_table, minimal_pdf, ruled_docx
from tests.provincefixtures import (
    METHOD,
    SICHUAN,
    XIANJIE,
    expected_method,
    expected_sichuan,
    expected_xianjie,
)
from tests.sitebuild import build_docs
from tests.test_import_office import FIRST, SECOND, canon, expected_seed, plain, source_of
from tests.yunnanfixture import YUNNAN_A, YUNNAN_B, expected_a, expected_b

pytestmark = pytest.mark.slow

PROVINCES = {"sichuan": (SICHUAN, expected_sichuan), "xianjie": (XIANJIE, expected_xianjie),
             "method": (METHOD, expected_method)}


def _split_at_indicators(grid: list[list[Any]]) -> tuple[list[list[Any]], list[list[Any]]]:
    """Cut a national grid before its indicator header; the second part repeats the header."""
    at = next(i for i, row in enumerate(grid) if row[1] == "一级指标")
    first = [list(row) for row in grid[:at + 3]]  # header and two indicator rows
    rest = [list(grid[at]), *(list(row) for row in grid[at + 3:])]
    # the second table starts afresh: its first indicator row prints its levels again
    rest[1][1:3] = [grid[at + 1][1], grid[at + 1][2]]
    return first, rest


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build every source file once: .docx, .xlsx, then .pdf/.doc/.xls through LibreOffice."""

    base = tmp_path_factory.mktemp("intake")
    words = base / "word"
    words.mkdir()
    first, second = seed_record(FIRST), seed_record(SECOND)
    ruled_docx(words / "national.docx", ["附件", national_grid(first, note="注：执行率按全年预算数计算。"),
                                        "项 目 支 出 绩 效 自 评 表", "（2021年度）",
                                        national_grid(second, title_row=False)])
    ruled_docx(words / "yunnan.docx", [YUNNAN_A, "项目支出绩效自评表", "2022年度", YUNNAN_B[1:],
                                      "填表人：李四"])
    for name, (grid, _expected) in PROVINCES.items():
        ruled_docx(words / f"{name}.docx", [grid])
    top, rest = _split_at_indicators(national_grid(first))
    ruled_docx(words / "repeated.docx", [top, rest], page_break_before=1)
    grid = national_grid(first)
    at = next(i for i, row in enumerate(grid) if row[1] == "一级指标") + 3
    # no header again, and the merged 一级/二级指标 cells print nothing on the new page
    ruled_docx(words / "continued.docx", [grid[:at], grid[at:]], page_break_before=1)
    sheets = base / "sheets"
    sheets.mkdir()
    build_xlsx(sheets / "yunnan.xlsx", [("一", [YUNNAN_A]), ("二", [YUNNAN_B])])
    built = {p.stem + ".docx": p for p in words.glob("*.docx")}
    for pdf in convert(sorted(words.glob("*.docx")), "pdf", base / "pdf"):
        built[pdf.name] = pdf
    for doc in convert([words / "yunnan.docx", words / "sichuan.docx"], "doc", base / "doc"):
        built[doc.name] = doc
    built["yunnan.xls"] = convert([sheets / "yunnan.xlsx"], "xls", base / "xls")[0]
    return built


def _import(tmp_path: Path, capsys: pytest.CaptureFixture[str], *sources: Path,
            code: int = 0) -> tuple[list[Path], str, str]:
    out = tmp_path / "out"
    result = main(["import", *map(str, sources), "--out", str(out), "--content", str(out)])
    captured = capsys.readouterr()
    assert result == code, captured.err
    written = [Path(line.split("\t")[1]) for line in captured.out.splitlines() if "\t" in line]
    return written, captured.out, captured.err


def _copy(source: Path, folder: Path, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(source, folder / (name or source.name)))


def _province(name: str, source: Path) -> dict[str, Any]:
    expected = PROVINCES[name][1](source_of(source, 2022))
    expected["id"] = generated_id(2022, expected["department"], expected["title"])
    if name == "sichuan":
        expected["source"]["document"] = "2022年度部门预算项目支出绩效自评表"
    if name == "xianjie":
        expected["source"]["document"] = "2022年度衔接资金绩效目标自评表"
    return expected


def test_pdf_national_two_tables_over_pages(built: dict[str, Path], tmp_path: Path, root: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    source = _copy(built["national.pdf"], tmp_path / "in")
    written, _, err = _import(tmp_path, capsys, source)
    assert err == ""
    assert canon(plain(written[0])) == canon(
        expected_seed(FIRST, source, "注：执行率按全年预算数计算。"))
    assert canon(plain(written[1])) == canon(expected_seed(SECOND, source, ""))


@pytest.mark.parametrize("name", ["repeated", "continued"])
def test_pdf_table_continued_on_next_page(built: dict[str, Path], tmp_path: Path, root: Path,
                                          capsys: pytest.CaptureFixture[str], name: str) -> None:
    """The indicator block goes on after a page break, with its header printed again or not."""
    source = _copy(built[f"{name}.pdf"], tmp_path / "in")
    written, _, err = _import(tmp_path, capsys, source)
    assert err == ""
    assert canon(plain(written[0])) == canon(expected_seed(FIRST, source, ""))


def test_pdf_yunnan(built: dict[str, Path], tmp_path: Path,
                    capsys: pytest.CaptureFixture[str]) -> None:
    source = _copy(built["yunnan.pdf"], tmp_path / "in")
    written, _, _ = _import(tmp_path, capsys, source)
    assert canon(plain(written[0])) == canon(expected_a(source_of(source, 2022)))
    assert canon(plain(written[1])) == canon(expected_b(source_of(source, 2022)))


@pytest.mark.parametrize("kind", ["docx", "pdf"])
@pytest.mark.parametrize("name", sorted(PROVINCES))
def test_provincial_layouts(built: dict[str, Path], tmp_path: Path,
                            capsys: pytest.CaptureFixture[str], name: str, kind: str) -> None:
    source = _copy(built[f"{name}.{kind}"], tmp_path / "in")
    written, _, err = _import(tmp_path, capsys, source)
    assert err == ""
    assert canon(plain(written[0])) == canon(_province(name, source))


@pytest.mark.parametrize(("built_name", "name"), [
    ("yunnan.doc", "yunnan.doc"), ("yunnan.doc", "yunnan.wps"),
    ("yunnan.xls", "yunnan.xls"), ("yunnan.xls", "yunnan.et")])
def test_legacy_office(built: dict[str, Path], tmp_path: Path,
                       capsys: pytest.CaptureFixture[str], built_name: str, name: str) -> None:
    source = _copy(built[built_name], tmp_path / "in", name)
    before = source.read_bytes()
    written, _, err = _import(tmp_path, capsys, source)
    assert err == ""
    assert canon(plain(written[0])) == canon(expected_a(source_of(source, 2022)))
    assert canon(plain(written[1])) == canon(expected_b(source_of(source, 2022)))
    assert source.read_bytes() == before  # the user's file is never touched
    assert sorted(p.name for p in source.parent.iterdir()) == [name]  # no lock file left beside it


def test_legacy_sichuan_doc(built: dict[str, Path], tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    source = _copy(built["sichuan.doc"], tmp_path / "in")
    written, _, _ = _import(tmp_path, capsys, source)
    assert canon(plain(written[0])) == canon(_province("sichuan", source))


def test_legacy_without_libreoffice(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("generator.importers.legacy.soffice", lambda: None)
    source = tmp_path / "old.xls"
    source.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    _, out, err = _import(tmp_path, capsys, source, code=1)
    assert out == ""
    assert err.replace(str(source), "old.xls") == (
        "old.xls:1:1: error M114 读取 .xls 文件需要 LibreOffice，但本机没有安装。 提示：请安装 "
        "LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer-nogui libreoffice-calc-nogui），"
        "或先用 Word、Excel、WPS 另存为 .docx/.xlsx。\n导入失败：1 个错误，没有写入任何文件。\n")


def test_legacy_broken_file_is_a_located_error(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "broken.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    _, _, err = _import(tmp_path, capsys, source, code=1)
    assert err.splitlines()[0].replace(str(source), "broken.doc").startswith(
        ("broken.doc:1:1: error M114 LibreOffice 无法转换这个 .doc 文件。",
         "broken.doc:1:1: error M103 "))


def _page(body: str, charset: str = "utf-8") -> bytes:
    text = (f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" '
            f'content="text/html; charset={charset}"><title>自评表</title>'
            f"<style>td {{ border: 1px solid }}</style><script>var x = '<td>';</script></head>"
            f"<body>{body}</body></html>")
    return text.encode(charset)


def test_html_yunnan_gbk_with_spans_and_nbsp(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in" / "yunnan.htm"
    source.parent.mkdir()
    source.write_bytes(_page("<p>附件</p>" + html_table(YUNNAN_A)
                             + "<h3>项目支出绩效自评表</h3><p>2022<b>年度</b></p>"
                             + html_table(YUNNAN_B[1:]) + "<p>填表人：<b>李四</b></p>", "gbk"))
    written, _, err = _import(tmp_path, capsys, source)
    assert err == ""
    assert canon(plain(written[0])) == canon(expected_a(source_of(source, 2022)))
    assert canon(plain(written[1])) == canon(expected_b(source_of(source, 2022)))


def test_html_national_in_a_layout_table(tmp_path: Path, root: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A page that lays itself out with a table around the data table (as many sites do)."""
    inner = html_table(national_grid(seed_record(FIRST)))
    source = tmp_path / "national.html"
    source.write_bytes(_page(f"<table><tr><td>导航</td></tr><tr><td>{inner}</td></tr></table>"))
    written, _, err = _import(tmp_path, capsys, source)
    assert err == ""
    assert canon(plain(written[0])) == canon(expected_seed(FIRST, source, ""))


def test_tolerant_headers_and_template_rows(tmp_path: Path, root: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Spelling variants of the headers, weights printed in level names, every template row form."""
    renames = {"年初预算数": "年初预算数（Ａ）", "全年预算数": "全年预算数(B)", "全年执行数": "全年执行数（C）",
               "执行率": "执行率(C/B)", "项目名称": "项 目 名 称", "实施单位": "实施单位：",
               "年度指标值": "年度指标值（%）", "偏差原因分析及改进措施": "偏差原因分析及改进措施 "}
    levels = {"产出指标": "产出指标（50分）", "效益指标": "效益指标(30分)"}
    grid = [[renames.get(cell, cell) for cell in row] for row in
            national_grid(seed_record(FIRST))]
    for row in grid:
        row[1] = levels.get(row[1], row[1])
    at = next(i for i, row in enumerate(grid) if row[0] == "总分")
    grid[at:at] = [["^", "^", "^", form, *(["/"] * 5)] for form in ("指标2:", "指标3：", "指标1:/ / /")]
    source = tmp_path / "variants.docx"
    ruled_docx(source, [grid])
    written, _, err = _import(tmp_path, capsys, source)
    assert err == ""
    expected = expected_seed(FIRST, source, "")
    for item in expected["indicators"]:
        item["level1"] = levels.get(item["level1"], item["level1"])  # kept as printed
    assert canon(plain(written[0])) == canon(expected)


def test_blank_head_cells_imported_blank(tmp_path: Path, root: Path) -> None:
    """主管部门 and 实施单位 printed blank are imported blank ("" per the shared contract)."""
    grid = [list(row) for row in national_grid(seed_record(FIRST))]
    row = next(r for r in grid if r[0] == "主管部门")
    row[1] = row[5] = ""
    source = tmp_path / "blank.docx"
    ruled_docx(source, [grid])
    imported = import_file(source, "blank.docx")
    assert imported.diagnostics == ()
    record = imported.tables[0].record
    assert (record["department"], record["implementer"], record["title"]) == (
        "", "", "昌吉州煤矿安全综合联网监控系统运维工作经费")


def test_ambiguous_funds_header_names_the_cell(tmp_path: Path, root: Path) -> None:
    """Two budget columns (全年预算数 and 调整后预算数) are not guessed between."""
    grid = [list(row) for row in national_grid(seed_record(FIRST))]
    header = next(r for r in grid if r[3] == "年初预算数")
    header[2] = "调整后预算数"
    source = tmp_path / "ambiguous.docx"
    ruled_docx(source, [grid])
    imported = import_file(source, "ambiguous.docx")
    assert [d.message for d in imported.diagnostics] == [
        "第 1 张表第 5 行第 5 格（Word 第 1 个表格第 5 行第 5 列）：项目资金表头中“调整后预算数”和"
        "“全年预算数”是同一列的两种名称，无法确定读哪一列。"]


def test_folder_import_summary_and_report(built: dict[str, Path], tmp_path: Path, root: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """One command for a folder of PDF, .doc, .xls, .xlsx, .html: good files written, bad ones
    refused whole, a CSV summary; the records validate without errors and build into the site."""
    folder = tmp_path / "tables"
    _copy(built["national.pdf"], folder / "2021")
    _copy(built["sichuan.doc"], folder / "四川")
    _copy(built["yunnan.xls"], folder / "云南")
    html = folder / "web" / "xianjie.html"
    html.parent.mkdir()
    html.write_bytes(_page(html_table(XIANJIE)))
    (folder / "scan.pdf").write_bytes(minimal_pdf(1, _IMAGE))
    half = [list(row) for row in YUNNAN_B]
    half[12][8] = "九十"  # the second table of this file cannot be read: nothing of it is written
    build_xlsx(folder / "mixed.xlsx", [("一", [METHOD]), ("二", [half])])
    (folder / "~$lock.docx").write_bytes(b"owner")  # Office lock file: not a source
    (folder / "readme.md").write_text("说明", encoding="utf-8")  # not a supported suffix
    report = tmp_path / "report.csv"
    out = tmp_path / "content"
    out.mkdir()
    shutil.copy(CONTENT / "site.yaml", out / "site.yaml")
    code = main(["import", str(folder), "--out", str(out), "--content", str(out),
                 "--report", str(report)])
    captured = capsys.readouterr()
    assert code == 1
    shown = str(folder)
    summary = captured.out.splitlines()[-7:]
    assert summary == [
        "按文件（6 个）：",
        f"  {shown}/2021/national.pdf：新建 2",
        f"  {shown}/mixed.xlsx：拒绝（2 张表）：M106 第 2 张表第 13 行第 9 格（工作表“二”I13）："
        "指标“隐患整治点数”的分值“九十”不是数字。",
        f"  {shown}/scan.pdf：拒绝（文件）：M113 PDF 第 1 页是扫描图像，没有文字层。",
        f"  {shown}/web/xianjie.html：新建 1",
        f"  {shown}/云南/yunnan.xls：新建 2",
        f"  {shown}/四川/sichuan.doc：新建 1",
    ]
    assert captured.err.splitlines()[-1] == (
        "导入未完成：2 个文件有 2 个错误，这些文件没有写入；其余文件已导入。")
    written = sorted(p.name for p in out.rglob("*.yaml") if p.name != "site.yaml")
    assert written == sorted([
        f"{generated_id(2021, r.department, r.title)}.yaml"
        for r in (seed_record(FIRST), seed_record(SECOND))] + [
        f"{generated_id(2022, '某县交通运输局', title)}.yaml"
        for title in ("乡村道路养护", "村级公路安全隐患整治", "农村公路日常养护")] + [
        f"{generated_id(2022, '某县乡村振兴局', '脱贫村产业路建设')}.yaml"])
    with report.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["文件", "新建", "变更", "未变", "拒绝", "首个原因"]
    assert [row[:5] for row in rows[1:]] == [
        [f"{shown}/2021/national.pdf", "2", "0", "0", "0"],
        [f"{shown}/mixed.xlsx", "0", "0", "0", "2"],
        [f"{shown}/scan.pdf", "0", "0", "0", "0"],
        [f"{shown}/web/xianjie.html", "1", "0", "0", "0"],
        [f"{shown}/云南/yunnan.xls", "2", "0", "0", "0"],
        [f"{shown}/四川/sichuan.doc", "1", "0", "0", "0"]]
    assert rows[3][5] == "M113 PDF 第 1 页是扫描图像，没有文字层。"
    assert main(["validate", str(out)]) == 0
    assert build_docs(out, tmp_path / "docs") == 0
    capsys.readouterr()
    # a second run: the same tables are unchanged
    main(["import", str(folder / "web"), str(folder / "2021"), "--out", str(out),
          "--content", str(out)])
    assert capsys.readouterr().out.splitlines()[-3:] == [
        "按文件（2 个）：", f"  {shown}/web/xianjie.html：未变 1", f"  {shown}/2021/national.pdf：未变 2"]


_IMAGE = b"q 100 0 0 100 0 0 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI Q"
"""A page drawing one inline image and no text: what a scanner makes."""


@pytest.mark.parametrize(("name", "make", "expected"), [
    ("scan.pdf", lambda: minimal_pdf(3, _IMAGE),
     "scan.pdf:1:1: error M113 PDF 第 1 页是扫描图像，没有文字层。 提示：本工具不做文字识别（OCR），"
     "也不猜测数字；请使用发布单位的电子版（Word、Excel、带文字的 PDF 或网页）。"),
    ("long.pdf", lambda: minimal_pdf(500),
     "long.pdf:301:1: error M112 PDF 共 500 页，超过上限 300 页。 提示：请把文件拆分为每份不超过上限的几个"
     " PDF 再导入。"),
    ("cut.pdf", lambda: minimal_pdf(2)[:300],
     "cut.pdf:1:1: error M101 无法作为 PDF 读取（文件已损坏或不是 PDF）。 提示：请确认文件完整，"
     "可用 PDF 阅读器打开后另存一次再导入。"),
    ("wide.html", lambda: _page('<table><tr><td colspan="100000">项目支出绩效自评表</td></tr></table>'),
     "wide.html:1:1: error M112 网页第 1 个表格第 1 行第 1 列 的 colspan=100000 超过上限 200。"
     " 提示：网页表格可能已损坏；请在浏览器中核对该表格。"),
    ("broken.html", lambda: b"<html><body><table><tr><td>\xff\xfe\xfd",
     "broken.html:1:1: error M101 网页不是有效的 gb18030 编码（第 28 个字节无法解码）。 提示：请在浏览器中"
     "打开该网页，另存为 UTF-8 编码后再导入。"),
    ("unclosed.html", lambda: b"<html><body><table><tr><td>\xe9\xa1\xb9<td><p><b>x",
     "unclosed.html:1:1: error M103 文件中找不到“项目支出绩效自评表”。 提示：每张表应以标题“项目支出绩效自评表”"
     "开头（可以在表格内，也可以是表格上方的一段文字）。"),
    ("latin.html", lambda: b'<meta charset="klingon"><p>x</p>',
     "latin.html:1:1: error M101 网页声明的编码“klingon”无法识别。 提示：请在浏览器中打开该网页，"
     "另存为 UTF-8 编码后再导入。"),
])
def test_hostile_sources_are_located_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            name: str, make: Any, expected: str) -> None:
    source = tmp_path / name
    source.write_bytes(make())
    _, out, err = _import(tmp_path, capsys, source, code=1)
    assert out == ""
    assert err.replace(str(tmp_path) + "/", "") == expected + "\n导入失败：1 个错误，没有写入任何文件。\n"
    assert not (tmp_path / "out").exists()


def test_encrypted_pdf(built: dict[str, Path], tmp_path: Path,
                       capsys: pytest.CaptureFixture[str]) -> None:
    options = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
               '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
    source = convert([built["yunnan.docx"]], options, tmp_path / "locked")[0]
    _, _, err = _import(tmp_path, capsys, source, code=1)
    assert err.replace(str(source), "yunnan.pdf") == (
        "yunnan.pdf:1:1: error M101 PDF 已加密（设有打开密码），无法读取。 提示：请向发布单位索取未加密的文件，"
        "或用有权限的软件另存为未加密的 PDF。\n导入失败：1 个错误，没有写入任何文件。\n")


def test_dotdot_in_the_source_path_writes_only_below_out(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A source named through `..` is read as given; records go below --out, named by their id."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    page = tmp_path / "a" / "..%2F..%2Fevil.html"
    page.write_bytes(_page(html_table(YUNNAN_B)))
    sneaky = tmp_path / "a" / "b" / ".." / "..%2F..%2Fevil.html"
    written, _, err = _import(tmp_path, capsys, sneaky)
    assert err == ""
    assert [p.resolve().parent for p in written] == [(tmp_path / "out" / "2022").resolve()]
    assert plain(written[0])["source"]["file"] == "..%2F..%2Fevil.html"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "out"]


def test_folder_skips_symbolic_links(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    outside = tmp_path / "secret.html"
    outside.write_bytes(_page(html_table(YUNNAN_B)))
    (folder / "link.html").symlink_to(outside)
    (folder / "real.html").write_bytes(_page(html_table(YUNNAN_B)))
    _, out, err = _import(tmp_path, capsys, folder, code=1)
    assert err.splitlines()[0] == (f"{folder}/link.html:1:1: error M101 是符号链接，没有读取。"
                                   " 提示：文件夹中只读取普通文件；请直接给出要导入的文件。")
    assert f"  {folder}/real.html：新建 1" in out.splitlines()


def test_html_without_closing_tags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Pages from old site builders omit </td> and </tr>: a real HTML parser reads them anyway."""
    table = html_table(YUNNAN_A).replace("</td>", "").replace("</tr>", "")
    source = tmp_path / "old.html"
    source.write_bytes(_page(table))
    written, _, err = _import(tmp_path, capsys, source)
    assert err == ""
    assert canon(plain(written[0])) == canon(expected_a(source_of(source, 2022)))


def test_oversize_source_is_refused_before_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("generator.importers.MAX_FILE_BYTES", 1000)
    source = tmp_path / "big.html"
    source.write_bytes(_page("<p>" + "表" * 1000 + "</p>"))
    _, _, err = _import(tmp_path, capsys, source, code=1)
    size = source.stat().st_size
    assert err.replace(str(source), "big.html").splitlines()[0] == (
        f"big.html:1:1: error M121 文件有 {mib(size)}，超过上限 {mib(1000)}。"
        " 提示：正常的自评表文件远小于此；请确认选对了文件。")


class _Terminal:
    """A stand-in for a terminal's stderr: says it is one and keeps what is written."""

    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


def test_progress_bar_only_on_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, grid in (("a.html", YUNNAN_A), ("b.html", YUNNAN_B)):
        (folder / name).write_bytes(_page(html_table(grid)))
    _import(tmp_path, capsys, folder)
    assert "导入" not in capsys.readouterr().err  # not a terminal: no bar
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.delenv("CI", raising=False)  # a person at a terminal, not a CI log
    assert main(["import", str(folder), "--out", str(tmp_path / "out2")]) == 0
    assert "读取来源文件" in terminal.text and " 2/2" in terminal.text  # the bar, counting 2 files
    terminal.text = ""
    assert main(["import", str(folder), "--out", str(tmp_path / "out3"), "--quiet"]) == 0
    assert "读取来源文件" not in terminal.text


def test_html_text_between_blocks_in_order() -> None:
    """Loose text, nested blocks and <br> lines come once each, in document order."""
    from generator.importers import html

    page = ("<html><body>附件1<div>前言<table><tr><td>x</td></tr></table>尾注</div>"
            + html_table(YUNNAN_B) + "填表人：张三<br>日期&nbsp;<i>2023</i></body></html>")
    texts = [[c.text for c in row.cells] for row in html.read_rows(page.encode())]
    assert texts[:4] == [["附件1"], ["前言"], ["x"], ["尾注"]]
    assert texts[-3:] == [["总分", "100", "100", ""], ["填表人：张三"], ["日期 2023"]]


def test_legacy_conversion_is_bounded_in_time(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A conversion over the time limit is stopped (its whole process group) and reported."""
    monkeypatch.setattr("generator.importers.legacy.TIMEOUT_SECONDS", 0)
    source = tmp_path / "slow.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    _, _, err = _import(tmp_path, capsys, source, code=1)
    assert err.replace(str(source), "slow.doc").splitlines()[0] == (
        "slow.doc:1:1: error M114 LibreOffice 转换这个 .doc 文件超过 0 秒，已停止。"
        " 提示：请用 Word、Excel 或 WPS 打开后另存为 .docx/.xlsx 再导入。")
