"""The per-file summary of `import`: printed lines and the `--report` CSV file."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from generator.importers.folder import FileResult
from generator.importers.outputs import Status
from generator.model.diagnostics import Severity

CSV_HEADER = ("文件", "新建", "变更", "未变", "拒绝", "首个原因")


def _row(result: FileResult) -> tuple[str, int, int, int, int, str]:
    refusing = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    first = refusing[0] if refusing else None
    reason = f"{first.code} {first.message}" if first else ""
    return (result.shown, result.count(Status.NEW), result.count(Status.CHANGED),
            result.count(Status.UNCHANGED), result.refused, reason)


def summary_lines(results: Sequence[FileResult], force: bool) -> list[str]:
    """Return one line per file: what its tables became, or why it was refused."""
    changed = "覆盖" if force else "未覆盖"
    lines = [f"按文件（{len(results)} 个）："]
    for result in results:
        name, new, moved, same, refused, reason = _row(result)
        if result.is_refused:
            count = f"{refused} 张表" if refused else "文件"
            lines.append(f"  {name}：拒绝（{count}）：{reason}")
            continue
        parts = [f"{label} {n}" for label, n in (("新建", new), (changed, moved), ("未变", same))
                 if n]
        lines.append(f"  {name}：" + ("，".join(parts) if parts else "没有表"))
    return lines


def write_csv(path: Path, results: Sequence[FileResult], force: bool) -> None:
    """Write the summary as CSV (UTF-8 with BOM, so that Excel shows the Chinese)."""
    del force  # the columns are the same either way: 变更 counts overwritten and kept records
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(_row(result) for result in results)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
