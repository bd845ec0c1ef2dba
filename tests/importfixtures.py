"""Build Word and Excel fixtures from grids: "<" merges with the cell to the left, "^" with above."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from openpyxl import Workbook

from generator.model.record import Record
from generator.read.load import load_file
from tests.conftest import CONTENT

Grid = list[list[Any]]
MARKS = ("<", "^")


@dataclass(frozen=True)
class Box:
    """A merged (or single) cell: top-left row and column from 0, height, width, value."""

    row: int
    col: int
    height: int
    width: int
    value: Any


def boxes(grid: Grid) -> list[Box]:
    """Return the rectangles of a grid, read from its "<" and "^" marks."""
    found: list[Box] = []
    assert len({len(row) for row in grid}) == 1, "every row of a grid has the same columns"
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if isinstance(value, str) and value in MARKS:
                continue
            width = 1
            while c + width < len(row) and row[c + width] == "<":
                width += 1
            height = 1
            while r + height < len(grid) and grid[r + height][c] == "^":
                height += 1
            found.append(Box(r, c, height, width, value))
    return found


def build_docx(path: Path, blocks: list[str | Grid]) -> None:
    """Write a document of paragraphs (str) and tables (grids), in order."""
    document = Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=len(block[0]))
        for box in boxes(block):
            cell = table.cell(box.row, box.col)
            if box.height > 1 or box.width > 1:
                cell = cell.merge(table.cell(box.row + box.height - 1, box.col + box.width - 1))
            cell.text = str(box.value)
    document.save(str(path))


def build_xlsx(path: Path, sheets: list[tuple[str, list[Grid]]]) -> None:
    """Write sheets of grids, stacked with one empty row between grids.

    A value may be (number, format) to store a number with its number format.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, grids in sheets:
        sheet = workbook.create_sheet(title)
        top = 1
        for grid in grids:
            for box in boxes(grid):
                cell = sheet.cell(top + box.row, 1 + box.col)
                if isinstance(box.value, tuple):
                    cell.value, cell.number_format = box.value
                elif box.value != "":
                    cell.value = box.value
                    if str(box.value).startswith("="):
                        cell.data_type = "s"  # printed text such as "=12月", not a formula
                if box.height > 1 or box.width > 1:
                    sheet.merge_cells(start_row=top + box.row, start_column=1 + box.col,
                                      end_row=top + box.row + box.height - 1,
                                      end_column=box.col + box.width)
            top += len(grid) + 1
    workbook.save(str(path))


def _d(value: Any) -> str:
    return "" if value is None else f"{value:f}"


def national_grid(record: Record, title_row: bool = True, note: str = "") -> Grid:
    """Return the 9-column national template printing `record` (merged as Word prints it)."""
    grid: Grid = []
    if title_row:
        grid += [["项目支出绩效自评表", *"<" * 8], [f"（{record.year}年度）", *"<" * 8]]
    grid += [
        ["项目名称", record.title, *"<" * 7],
        ["主管部门", record.department, "<", "<", "实施单位", record.implementer, "<", "<", "<"],
        ["项目资金（万元）", "", "<", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ]
    funds = record.funds
    for key, label in (("total", "年度资金总额"), ("fiscal", "其中：当年财政拨款"),
                       ("carryover", "上年结转资金"), ("other", "其他资金")):
        row = funds.row(key)
        tail = ([_d(funds.weight), funds.reported.rate, f"{_d(funds.reported.score)}分"]
                if key == "total" else ["—", "—", "—"])
        grid.append(["^", label, "<", _d(row.initial), _d(row.budget), _d(row.executed), *tail])
    grid += [["年度总体目标", "预期目标", "<", "<", "<", "实际完成情况", "<", "<", "<"],
             ["^", record.goals.planned, "<", "<", "<", record.goals.achieved, "<", "<", "<"],
             ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
              "得分", "偏差原因分析及改进措施"]]
    grid += _indicator_rows(record)
    grid.append(["总分", *"<" * 5, _d(record.total.weight), f"{_d(record.total.score)}分", ""])
    if note:
        grid.append([note, *"<" * 8])
    return grid


def _indicator_rows(record: Record) -> Grid:
    rows: Grid = []
    previous: tuple[str, str] | None = None
    for item in record.indicators:
        level1 = "^" if previous and previous[0] == item.level1 else item.level1
        level2 = "^" if previous and previous == (item.level1, item.level2) else item.level2
        rows.append(["^", level1, level2, item.name, item.target, item.actual, _d(item.weight),
                     _d(item.score), item.deviation])
        previous = (item.level1, item.level2)
    # template rows left from the blank form, in the last block: skipped by the importer
    rows.append(["^", "^", "^", "指标2", "", "", "", "", ""])
    rows.append(["^", "^", "^", "……", "", "", "", "", ""])
    return rows


def seed_record(name: str) -> Record:
    """Return one of the seed's records (the fixture copy of content/)."""
    loaded = load_file(CONTENT / "records" / "2021" / f"{name}.yaml")
    assert loaded.record is not None
    return loaded.record
