"""Downloads of the 数据 page: every record per year and in total as CSV, XLSX and JSON.

Deterministic bytes: same records, same files (style.md habit 6). CSV is UTF-8 with a BOM so
Excel opens it; XLSX dates and zip timestamps are fixed (see `xlsx_bytes`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.read.schema import schema_text
from generator.site.datarows import (
    INDICATOR_COLUMNS,
    RECORD_COLUMNS,
    Row,
    indicator_rows,
    record_data,
    record_row,
)
from generator.site.xlsx import Cells, row_cells, workbook_bytes

if TYPE_CHECKING:
    from generator.site.pagecache import PageCache
    from generator.site.sitedata import Entry, SiteModel

SCHEMA_NAME = "record.schema.json"


@dataclass(frozen=True)
class FileGroup:
    """The files of one year (or of all years), by format."""

    label: str
    stem: str
    """`records-2021` or `records-all`: the name of every file of the group without extension."""
    count: int

    @property
    def names(self) -> tuple[tuple[str, str], ...]:
        """Return (format label, file name) of the group's files."""
        return (("CSV（项目）", f"{self.stem}.csv"), ("CSV（指标）", f"{self.stem}-indicators.csv"),
                ("Excel（XLSX）", f"{self.stem}.xlsx"), ("JSON", f"{self.stem}.json"))


def groups(model: SiteModel) -> tuple[FileGroup, ...]:
    """Return the file groups: one per year, newest first, then all years together."""
    per_year = tuple(FileGroup(f"{year} 年度", f"records-{year}", len(model.of_year(year)))
                     for year in model.years)
    return (*per_year, FileGroup("全部年度", "records-all", len(model.entries)))


def _guard(value: str) -> str:
    """Keep spreadsheet programs from running a text cell as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv_text(rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def csv_lines(columns: tuple[tuple[str, bool], ...], rows: Iterable[Row]) -> str:
    """Return the rows as CSV lines; text columns guarded against formula injection."""
    return _csv_text([_guard(value) if text else value
                      for value, (_, text) in zip(row, columns, strict=True)] for row in rows)


def csv_file(columns: tuple[tuple[str, bool], ...], lines: Iterable[str]) -> bytes:
    """Return UTF-8 CSV with a BOM: the header, then lines from `csv_lines`."""
    header = _csv_text([[name for name, _ in columns]])
    return ("\ufeff" + header + "".join(lines)).encode("utf-8")


def csv_bytes(columns: tuple[tuple[str, bool], ...], rows: list[Row]) -> bytes:
    """Return UTF-8 CSV with a BOM; text columns guarded against formula injection."""
    return csv_file(columns, [csv_lines(columns, rows)])


def json_line(record: dict[str, Any]) -> str:
    """Return one record of the JSON download, on one line (`json_bytes`)."""
    return json.dumps(record, ensure_ascii=False)


def json_bytes(lines: Sequence[str]) -> bytes:
    """Return `{"records": [...]}` of `json_line`s: each record as in its file, scored, with findings.

    One record per line: each line is encoded by json's C encoder (an indented file is encoded
    in pure Python, a third of the build at 10,000 records), and stays readable line by line.
    """
    if not lines:
        return b'{"records": []}\n'
    return ('{"records": [\n' + ",\n".join(lines) + "\n]}\n").encode("utf-8")


@dataclass(frozen=True)
class Prepared:
    """What the downloads hold of one entry, serialised once for every group that lists it."""

    record_csv: str
    """Its line of the projects CSV."""
    indicators_csv: str
    """Its lines of the indicators CSV."""
    record_cells: Cells
    """Its row of the projects sheet."""
    indicator_cells: tuple[Cells, ...]
    """Its rows of the indicators sheet."""
    json: str
    """Its line of the JSON file."""


def prepare(entry: Entry) -> Prepared:
    """Return what the downloads hold of one entry."""
    record, indicators = record_row(entry), indicator_rows(entry)
    return Prepared(csv_lines(RECORD_COLUMNS, [record]), csv_lines(INDICATOR_COLUMNS, indicators),
                    row_cells(RECORD_COLUMNS, record),
                    tuple(row_cells(INDICATOR_COLUMNS, row) for row in indicators),
                    json_line(record_data(entry)))


def group_files(stem: str, prepared: list[Prepared]) -> dict[str, bytes]:
    """Return the files of one group, keyed by file name."""
    indicators = [cells for p in prepared for cells in p.indicator_cells]
    return {
        f"{stem}.csv": csv_file(RECORD_COLUMNS, [p.record_csv for p in prepared]),
        f"{stem}-indicators.csv": csv_file(INDICATOR_COLUMNS, [p.indicators_csv for p in prepared]),
        f"{stem}.xlsx": workbook_bytes((("项目", RECORD_COLUMNS, [p.record_cells for p in prepared]),
                                        ("指标", INDICATOR_COLUMNS, indicators))),
        f"{stem}.json": json_bytes([p.json for p in prepared]),
    }


def data_tree(model: SiteModel, cache: PageCache | None = None,
              digests: Mapping[str, bytes] | None = None) -> dict[str, bytes]:
    """Return every download keyed by its path below the docs folder (`data/…`).

    With a `cache` and the entries' `digests`, a group whose records are unchanged (same
    digests, same order) is read from it: a changed record rebuilds its year and `records-all`.
    """
    files: dict[str, bytes] = {f"data/{SCHEMA_NAME}": schema_text().encode("utf-8")}
    prepared: dict[str, Prepared] = {}
    for group in groups(model):
        year = group.stem.removeprefix("records-")
        entries = model.entries if year == "all" else model.of_year(int(year))
        names = [f"data/{name}" for _, name in group.names]
        keys = _group_keys(names, entries, cache, digests)
        if cache is not None and keys:
            found = [cache.get(key) for key in keys]
            if all(data is not None for data in found):
                files.update(zip(names, found, strict=True))  # type: ignore[arg-type]
                continue
        for entry in entries:
            if entry.url not in prepared:
                prepared[entry.url] = prepare(entry)
        made = group_files(group.stem, [prepared[e.url] for e in entries])
        for key, name in zip(keys, names, strict=False):
            assert cache is not None
            cache.put(key, made[name.removeprefix("data/")])
        files.update({f"data/{name}": data for name, data in made.items()})
    return files


def _group_keys(names: list[str], entries: tuple[Entry, ...], cache: PageCache | None,
                digests: Mapping[str, bytes] | None) -> list[str]:
    """Return the cache key of each file of a group, or [] when one of its entries has no digest."""
    if cache is None or digests is None or any(e.url not in digests for e in entries):
        return []
    shown = b"".join(digests[e.url] for e in entries)
    return [cache.key(name, shown) for name in names]
