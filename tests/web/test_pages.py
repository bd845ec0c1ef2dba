"""Page pieces and downloads: links, form layout, method page, CSV/XLSX/JSON contents."""

from __future__ import annotations

import io
import json
import posixpath
import re
from pathlib import Path

import openpyxl
import pytest
from jinja2 import Template

from generator.cli.cmd_explain import listing
from generator.read.load import load_file
from generator.report.catalogue import CATALOGUE
from generator.rules import all_codes
from generator.scoring.profile import available
from generator.site import views
from generator.site.datafiles import csv_bytes
from generator.site.render import environment, relative_path
from generator.site.xlsx import xlsx_bytes
from tests.sitebuild import CONTENT, ROOT, build_docs

NETWORK_OPS = CONTENT / "records" / "2021" / "2021-cj-coal-network-ops.yaml"


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs") / "docs"
    assert build_docs(CONTENT, out) == 0
    return out


@pytest.mark.parametrize(("here", "target", "expected"), [
    ("", "years/2021/", "years/2021/"),
    ("", "", "./"),
    ("years/", "", "../"),
    ("records/2021/x/", "method/#F102", "../../../method/#F102"),
    ("records/2021/x/", "records/2021/x/", "./"),
    ("data/", "data/records-all.csv", "records-all.csv"),
])
def test_links_are_relative_to_the_page(here: str, target: str, expected: str) -> None:
    template: Template = environment().from_string("{{ target | rel }}")
    assert template.render(here=here, target=target) == expected


@pytest.mark.parametrize("here", ["", "years/", "records/2021/x/", "data/", "a//b/./c/", "a/../b/"])
@pytest.mark.parametrize("target", ["", "years/2021/", "records/2021/x/", "records/2021/y/",
                                    "data/records-all.csv", "method/", "./a/", "a/../../b", "records"])
def test_relative_path_is_posix_relpath(here: str, target: str) -> None:
    assert relative_path(target, here) == posixpath.relpath("/" + target, "/" + here)


def test_level1_cells_are_merged_over_runs() -> None:
    record = load_file(NETWORK_OPS).record
    assert record is not None
    spans = [(ind.level1, span) for ind, span in views.level1_spans(record)]
    assert spans == [("产出指标", 7), *[("产出指标", 0)] * 6, ("效益指标", 2), ("效益指标", 0),
                     ("满意度指标", 1)]


def test_method_page_documents_every_rule_and_profile(docs: Path) -> None:
    text = (docs / "method" / "index.md").read_text(encoding="utf-8")
    for code in all_codes():
        assert f'<tr id="{code}"><td><code>{code}</code></td>' in text, code
    for name in available():
        assert f'<h3 id="profile-{name}">' in text


def test_method_page_and_catalogue_list_the_same_codes(docs: Path) -> None:
    text = (docs / "method" / "index.md").read_text(encoding="utf-8")
    rules = text[text.index("## 检查规则"):]
    listed = re.findall(r'<tr id="([A-Z]\d{3})"><td><code>\1</code></td>', rules)
    assert listed == list(CATALOGUE)  # the same codes, in the same order, each once
    assert {"M101", "H101", "Y001", "C104"} <= set(listed)
    explained = listing().splitlines()[: len(CATALOGUE)]
    assert [line.split()[0] for line in explained] == listed


def test_csv_has_bom_header_and_guards_formulas() -> None:
    data = csv_bytes((("名称", True), ("金额", False)),
                     [("=HYPERLINK(\"x\")", "-5"), ("+1", "85.00"), ("@a", ""), ("普通", "1")])
    assert data == ("\ufeff名称,金额\r\n\"'=HYPERLINK(\"\"x\"\")\",-5\r\n'+1,85.00\r\n'@a,\r\n"
                    "普通,1\r\n").encode()


def test_xlsx_keeps_text_as_text_and_numbers_as_numbers() -> None:
    data = xlsx_bytes([("项目", (("名称", True), ("金额", False)), [("=1+1", "85.00"), ("甲", "")])])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows()]
    assert rows == [[("名称", "s"), ("金额", "s")], [("=1+1", "s"), (85, "n")], [("甲", "s"), (None, "n")]]
    assert data == xlsx_bytes([("项目", (("名称", True), ("金额", False)), [("=1+1", "85.00"), ("甲", "")])])


def test_csv_download_lists_every_record(docs: Path) -> None:
    lines = (docs / "data" / "records-2021.csv").read_bytes().decode("utf-8").split("\r\n")
    assert lines[0].startswith("\ufeff编号,年度,项目名称,主管部门,实施单位,金额单位,年初预算数,")
    assert [line.split(",")[0] for line in lines[1:]] == [
        "2021-cj-coal-expert-consultation", "2021-cj-energy-saving-service",
        "2021-cj-coal-network-ops", "2021-cj-coal-digital-monitoring", ""]


def test_json_download_holds_records_scores_and_findings(docs: Path) -> None:
    document = json.loads((docs / "data" / "records-all.json").read_text(encoding="utf-8"))
    record = next(r for r in document["records"] if r["id"] == "2021-cj-coal-network-ops")
    assert record["funds"]["total"] == {"initial": "85.00", "budget": "85.00", "executed": "76.83"}
    assert record["funds"]["reported"] == {"rate": "90.39%", "score": "9.04"}
    assert record["file"] == NETWORK_OPS.relative_to(ROOT).as_posix()
    assert [f["code"] for f in record["findings"]] == ["W103", "I108", "I107", "I109", "C104"]
    assert record["score"]["id"] == "2021-cj-coal-network-ops"
    assert record["score"]["reported"]["total"] == "98.56"
    assert record["score"]["computed"]["total"] == "99.04"

