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
from generator.importers.outputs import generated_id
from tests.importfixtures import build_xlsx, national_grid, seed_record
from tests.intakefixtures import convert, html_table, ruled_docx
from tests.provincefixtures import (
    METHOD,
    SICHUAN,
    XIANJIE,
    expected_method,
    expected_sichuan,
    expected_xianjie,
)
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
    from tests.conftest import ROOT

    base = tmp_path_factory.mktemp("intake")
    words = base / "word"
    words.mkdir()
    first, second = seed_record(ROOT, FIRST), seed_record(ROOT, SECOND)
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
        expected_seed(root, FIRST, source, "注：执行率按全年预算数计算。"))
    assert canon(plain(written[1])) == canon(expected_seed(root, SECOND, source, ""))


@pytest.mark.parametrize("name", ["repeated", "continued"])
def test_pdf_table_continued_on_next_page(built: dict[str, Path], tmp_path: Path, root: Path,
                                          capsys: pytest.CaptureFixture[str], name: str) -> None:
    """The indicator block goes on after a page break, with its header printed again or not."""
    source = _copy(built[f"{name}.pdf"], tmp_path / "in")
    written, _, err = _import(tmp_path, capsys, source)
    assert err == ""
    assert canon(plain(written[0])) == canon(expected_seed(root, FIRST, source, ""))


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
