"""Identity rules: ids, file names and folders that make URLs stable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from generator.model.diagnostics import Severity
from generator.model.record import Record
from generator.rules.base import Context, Hit, Rule


def id_matches_file(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The file name is the record id followed by `.yaml`.

    The id is the record's URL; a file named differently makes two names for one record.

    Passes: `content/records/2021/2021-cj-coal-network-ops.yaml` with `id: 2021-cj-coal-network-ops`.
    Fails: the same file with `id: 2021-cj-coal-network`.
    """
    stem = PurePosixPath(rec.path).stem
    if stem != rec.id:
        yield Hit("id", f"记录编号“{rec.id}”与文件名“{stem}”不一致。",
                  f"请把文件改名为 {rec.id}.yaml，或把 id 改为 {stem}。", expected=stem, actual=rec.id)


def year_matches_folder(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The year is the name of the folder the record lives in (`content/records/<year>/`).

    Passes: `year: 2021` in `content/records/2021/`.
    Fails: `year: 2020` in `content/records/2021/`.
    """
    folder = PurePosixPath(rec.path).parent.name
    if folder.isdigit() and len(folder) == 4 and int(folder) != rec.year:
        yield Hit("year", f"年度 {rec.year} 与所在文件夹“{folder}”不一致。",
                  f"请把记录移到 content/records/{rec.year}/，或核对年度。",
                  expected=folder, actual=str(rec.year))


def id_unique(records: list[Record]) -> Iterator[tuple[Record, Hit]]:
    """Every record id is unique in `content/`.

    Passes: two records with ids `2021-a` and `2021-b`.
    Fails: two files (in different year folders) both with `id: 2021-a`.
    """
    first: dict[str, Record] = {}
    for rec in sorted(records, key=lambda r: r.path):
        if rec.id in first:
            other = first[rec.id]
            yield rec, Hit("id", f"记录编号“{rec.id}”重复，已在 {other.path} 使用。",
                           "每条记录的 id 必须唯一；请换一个编号。", actual=rec.id)
        else:
            first[rec.id] = rec


RULES = (
    Rule("S104", Severity.ERROR, "记录编号与文件名一致", id_matches_file),
    Rule("S105", Severity.ERROR, "记录编号唯一", id_unique, corpus=True),
    Rule("S106", Severity.ERROR, "年度与文件夹一致", year_matches_folder),
)
