"""The seed's text layout: cells as they come out of a Word table copied as text.

One cell per line, each line starting with a tab; rows separated by blank lines. A line
without a leading tab continues the previous cell, even across a blank line, as in
"项目资金" / "" / "（万元）". Cells carry their file line, so errors point at the line.
"""

from __future__ import annotations

from generator.importers.grid import Cell, ImportProblem, Row
from generator.importers.limits import CellBudget, check_columns, check_rows, check_time


def read_rows(data: bytes) -> list[Row]:
    """Return the rows of a text export (UTF-8, with or without BOM)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportProblem("M101", f"文件不是 UTF-8 编码（第 {exc.start + 1} 个字节无法解码）。",
                            None, "请把文件另存为 UTF-8 编码后再导入。") from None
    rows: list[list[Cell]] = []
    budget = CellBudget()
    row_open = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if line.startswith("\t"):
            if not row_open:
                rows.append([])
                row_open = True
            cells = rows[-1]
            cell = Cell(line[1:].strip(), len(cells), 1, number, 2, f"文件第 {number} 行")
            check_rows(len(rows), cell, "文件的表格")
            check_time(cell)
            check_columns(len(cells) + 1, cell, "文件的表格")
            budget.spend(1, cell)
            cells.append(cell)
        elif not line.strip():
            row_open = False
        elif rows and rows[-1]:
            _continue_cell(rows[-1], line.strip())
            row_open = True  # the continuation belongs to the row it continues
        else:
            stray = Cell(line.strip(), 0, 1, number, 1, f"文件第 {number} 行")
            raise ImportProblem("M107", f"文件第 {number} 行“{stray.text}”不属于任何单元格。",
                                stray, "文本格式要求每个单元格一行、以 Tab 开头。")
    return [Row(tuple(cells)) for cells in rows]


def _continue_cell(cells: list[Cell], more: str) -> None:
    last = cells[-1]
    joined = f"{last.text}\n{more}" if last.text else more
    cells[-1] = Cell(joined, last.col, last.span, last.line, last.column, last.place)
