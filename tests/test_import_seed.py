"""`import` on the seed's text layout: records equal to content/, ids, --force and --dry-run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.cli.options import load_paths
from generator.importers.outputs import generated_id
from generator.read.siteconfig import SiteConfig
from generator.rules.check import check
from tests.conftest import CONTENT, SEED

IDS = ("2021-cj-coal-network-ops", "2021-cj-coal-digital-monitoring",
       "2021-cj-energy-saving-service", "2021-cj-coal-expert-consultation")
TITLES = ("昌吉州煤矿安全综合联网监控系统运维工作经费", "昌吉州煤矿数字化监控运行工作经费",
          "政府购买节能工作督促指导社会化服务", "专家会诊安全生产专项")
DEPARTMENT = "昌吉回族自治州能源安全监测中心"
GENERATED = ("2021-p-cbd62e81", "2021-p-65fc9b1a", "2021-p-6d53db20", "2021-p-85742e87")


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder holding the seed, so printed paths are short and exact."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / SEED.name)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def seed_text(name: str) -> str:
    return (CONTENT / "records" / "2021" / f"{name}.yaml").read_text(encoding="utf-8")


def test_generated_ids_are_stable_ascii() -> None:
    assert [generated_id(2021, DEPARTMENT, t) for t in TITLES] == list(GENERATED)


def test_seed_into_empty_folder_equals_content_but_for_the_id(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, SEED.name, "--out", "out")
    assert (code, err) == (0, "")
    assert out == "".join(f"新建\tout/2021/{g}.yaml\t{t}\n" for g, t in zip(GENERATED, TITLES, strict=True)) \
        + "共 4 张表：新建 4。\n"
    for seed_id, new_id in zip(IDS, GENERATED, strict=True):
        written = (work / "out" / "2021" / f"{new_id}.yaml").read_text(encoding="utf-8")
        assert written == seed_text(seed_id).replace(f"id: {seed_id}\n", f"id: {new_id}\n")
    checked = check(load_paths([work / "out"]), SiteConfig())
    assert (checked.errors, len(checked.records)) == (0, 4)


def test_seed_into_any_folder_equals_content_field_for_field(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, SEED.name, "--out", "out", "--content", str(CONTENT))
    assert (code, err) == (0, "")
    assert out == "".join(f"新建\tout/2021/{i}.yaml\t{t}\n" for i, t in zip(IDS, TITLES, strict=True)) \
        + "共 4 张表：新建 4。\n"
    for seed_id in IDS:
        written = work / "out" / "2021" / f"{seed_id}.yaml"
        assert written.read_bytes() == (CONTENT / "records" / "2021" / f"{seed_id}.yaml").read_bytes()
    imported = {r.id: r for r in check(load_paths([work / "out"]), SiteConfig()).records}
    published = {r.id: r for r in check(load_paths([CONTENT]), SiteConfig()).records}
    assert imported.keys() == published.keys()
    for rid, record in imported.items():  # field for field (paths differ by folder only)
        assert record == published[rid].__class__(**{**published[rid].__dict__, "path": record.path})


def test_seed_into_content_keeps_ids_and_bytes(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(CONTENT, work / "content")
    code, out, err = run(capsys, SEED.name, "--out", "content")
    assert (code, err) == (0, "")
    assert out == "".join(f"未变\tcontent/records/2021/{i}.yaml\t{t}\n" for i, t in zip(IDS, TITLES, strict=True)) \
        + "共 4 张表：未变 4。\n"
    for seed_id in IDS:
        path = work / "content" / "records" / "2021" / f"{seed_id}.yaml"
        assert path.read_bytes() == (CONTENT / "records" / "2021" / f"{seed_id}.yaml").read_bytes()


def test_changed_record_needs_force(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(CONTENT, work / "content")
    target = work / "content" / "records" / "2021" / f"{IDS[0]}.yaml"
    edited = seed_text(IDS[0]).replace("score: 4.52", "score: 4.53")
    target.write_text(edited, encoding="utf-8")
    code, out, err = run(capsys, SEED.name, "--out", "content")
    assert code == 1
    assert out.splitlines()[0] == f"未覆盖\tcontent/records/2021/{IDS[0]}.yaml\t{TITLES[0]}"
    assert out.splitlines()[-1] == "共 4 张表：未变 3，未覆盖 1。"
    assert err == (f"content/records/2021/{IDS[0]}.yaml:1:1: error M110 已有记录“{TITLES[0]}”的内容"
                   "与导入结果不同，未覆盖。 提示：确认要用原表内容替换时，加 --force 重新导入；"
                   "先加 --dry-run 可预览。\n")
    assert target.read_text(encoding="utf-8") == edited
    code, out, _ = run(capsys, SEED.name, "--out", "content", "--force", "--dry-run")
    assert code == 0
    assert out.splitlines()[0] == f"将覆盖\tcontent/records/2021/{IDS[0]}.yaml\t{TITLES[0]}"
    assert out.splitlines()[-1] == "演练（--dry-run）：没有写入任何文件。"
    assert target.read_text(encoding="utf-8") == edited
    code, out, _ = run(capsys, SEED.name, "--out", "content", "--force")
    assert code == 0
    assert out.splitlines()[-1] == "共 4 张表：覆盖 1，未变 3。"
    assert target.read_text(encoding="utf-8") == seed_text(IDS[0])


def test_dry_run_writes_nothing(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, SEED.name, "--out", "out", "--dry-run")
    assert (code, err) == (0, "")
    assert out == "".join(f"将新建\tout/2021/{g}.yaml\t{t}\n" for g, t in zip(GENERATED, TITLES, strict=True)) \
        + "共 4 张表：新建 4。\n演练（--dry-run）：没有写入任何文件。\n"
    assert not (work / "out").exists()


def _broken(work: Path, old: str, new: str) -> str:
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    (work / "bad.txt").write_text(text.replace(old, new, 1), encoding="utf-8")
    return "bad.txt"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("\t9.04分\n", "\t九点零四分\n",
     "bad.txt:31:2: error M106 第 1 张表第 6 行第 8 格（文件第 31 行）：资金总额行的得分“九点零四分”"
     "不是数字。 提示：请核对原表；本工具不猜测数字，也不改动原表。"),
    ("\t(2021年度)\n", "\t\n",
     "bad.txt:1:2: error M104 第 1 张表第 1 行第 1 格（文件第 1 行）：找不到年度（如“（2021年度）”）。"
     " 提示：请在标题下一行保留原表的年度。"),
    ("\t实际完成值\n", "\t完成情况\n",
     "bad.txt:68:2: error M105 第 1 张表第 12 行（文件第 68 行）：无法识别年度绩效指标的表头："
     "一级指标 二级指标 三级指标 年度指标值 完成情况 分值 得分 偏差原因分析及改进措施。 提示：本工具认识的列："
     "一级指标、二级指标、三级指标、年度指标值、实际完成值、分值、得分（可有：偏差原因分析及改进措施、得分计算方法）；或 "
     "一级指标、二级指标、三级指标、指标性质、指标值、度量单位、实际完成值、分值、得分（可有：偏差原因分析及改进措施、得分计算方法）；或 "
     "一级指标、二级指标、三级指标、指标性质、指标值、度量单位、完成值、分值、得分（可有：未完成原因分析、得分计算方法）。"),
    ("\t10\n\t10\n\t\n\n\t\n\t\n\t数量指标\n\t数据接口接入\n", "\t\n\t10\n\t\n\n\t\n\t\n\t数量指标\n\t数据接口接入\n",
     "bad.txt:104:2: error M108 第 1 张表第 15 行第 7 格（文件第 104 行）：指标“近500路工业监控视频维护、授权、更新”的分值为空，"
     "记录格式要求填写数字。 提示：请在原表中核对该单元格。"),
    ("\t  其他资金\n", "\t  其它来源\n",
     "bad.txt:52:2: error M107 第 1 张表第 9 行第 2 格（文件第 52 行）：无法识别项目资金中的行“其它来源”。"
     " 提示：应为：年度资金总额、其中：当年财政拨款、上年结转资金、其他资金"
     "（四川格式：财政资金、财政专户管理资金、单位资金、其他资金）。"),
])
def test_unreadable_cells_name_table_row_and_cell(
        work: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, expected: str) -> None:
    code, out, err = run(capsys, _broken(work, old, new), "--out", "out")
    assert (code, out) == (1, "")
    assert err == expected + "\n导入失败：1 个错误，没有写入任何文件。\n"
    assert not (work / "out").exists()


def test_stray_text_before_any_cell(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "stray.txt").write_text("附件1\n" + SEED.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run(capsys, "stray.txt", "--out", "out")
    assert code == 1
    assert err.splitlines()[0] == ("stray.txt:1:1: error M107 文件第 1 行“附件1”不属于任何单元格。"
                                   " 提示：文本格式要求每个单元格一行、以 Tab 开头。")


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("table.rtf", b"{\\rtf1}", "table.rtf:1:1: error M102 不支持的文件类型“.rtf”。 提示：支持：.txt（种子文本格式）"
     "、.docx、.doc、.wps、.xlsx、.xls、.et、.pdf（带文字层）、.html、.htm。"),
    ("table.pdf", b"%PDF", "table.pdf:1:1: error M101 无法作为 PDF 读取（文件已损坏或不是 PDF）。"
     " 提示：请确认文件完整，可用 PDF 阅读器打开后另存一次再导入。"),
    ("notes.txt", "\t会议纪要\n".encode(), "notes.txt:1:1: error M103 文件中找不到“项目支出绩效自评表”。"
     " 提示：每张表应以标题“项目支出绩效自评表”开头（可以在表格内，也可以是表格上方的一段文字）。"),
    ("gbk.txt", "\t项目支出绩效自评表\n".encode("gbk"), "gbk.txt:1:1: error M101 文件不是 UTF-8 编码"
     "（第 2 个字节无法解码）。 提示：请把文件另存为 UTF-8 编码后再导入。"),
    ("fake.docx", b"not a zip", "fake.docx:1:1: error M101 无法作为 Word 文档（.docx）打开。"
     " 提示：旧版 .doc 文件请先用 Word 或 WPS 另存为 .docx。"),
    ("fake.xlsx", b"not a zip", "fake.xlsx:1:1: error M101 无法作为 Excel 工作簿（.xlsx）打开。"
     " 提示：旧版 .xls 文件请先用 Excel 或 WPS 另存为 .xlsx。"),
])
def test_unreadable_files(work: Path, capsys: pytest.CaptureFixture[str], name: str,
                          content: bytes, expected: str) -> None:
    (work / name).write_bytes(content)
    code, out, err = run(capsys, name, "--out", "out")
    assert (code, out) == (1, "")
    assert err == expected + "\n导入失败：1 个错误，没有写入任何文件。\n"


def test_missing_source_is_a_usage_error(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "nowhere.docx", "--out", "out") == (2, "", "找不到：nowhere.docx\n")


def test_same_table_twice_is_refused(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(SEED, work / "again.txt")
    code, out, err = run(capsys, SEED.name, "again.txt", "--out", "out")
    assert code == 1
    assert err.splitlines()[0] == (
        f"again.txt:1:2: error M109 第 1 张表与 {SEED.name} 第 1 张表的年度、主管部门和项目名称都相同"
        f"（{TITLES[0]}），会写入同一条记录。 提示：同一项目同一年度只能有一张表；请删去重复的一张。")
    assert err.splitlines()[-1] == "导入未完成：1 个文件有 4 个错误，这些文件没有写入；其余文件已导入。"
    # the first file is imported; nothing of the refused copy is written
    assert sorted(p.name for p in (work / "out" / "2021").iterdir()) == sorted(
        f"{g}.yaml" for g in GENERATED)
    assert out.splitlines()[-3:] == [
        "按文件（2 个）：", f"  {SEED.name}：新建 4",
        f"  again.txt：拒绝（4 张表）：M109 第 1 张表与 {SEED.name} 第 1 张表的年度、主管部门和项目名称都相同"
        f"（{TITLES[0]}），会写入同一条记录。"]
