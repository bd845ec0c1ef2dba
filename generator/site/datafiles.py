"""Downloads of the 数据 page: every record per year and in total as CSV, XLSX and JSON.

Deterministic bytes: same records, same files (style.md habit 6). CSV is UTF-8 with a BOM so
Excel opens it; XLSX dates and zip timestamps are fixed (see `xlsx_bytes`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
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
from generator.site.xlsx import xlsx_bytes

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


def csv_bytes(columns: tuple[tuple[str, bool], ...], rows: list[Row]) -> bytes:
    """Return UTF-8 CSV with a BOM; text columns guarded against formula injection."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _ in columns])
    for row in rows:
        writer.writerow([_guard(value) if text else value
                         for value, (_, text) in zip(row, columns, strict=True)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def json_bytes(records: list[dict[str, Any]]) -> bytes:
    """Return `{"records": [...]}`: each record as in its file, with its score and findings.

    One record per line: each line is encoded by json's C encoder (an indented file is encoded
    in pure Python, a third of the build at 10,000 records), and stays readable line by line.
    """
    if not records:
        return b'{"records": []}\n'
    lines = ",\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    return ('{"records": [\n' + lines + "\n]}\n").encode("utf-8")


Prepared = tuple[Row, list[Row], dict[str, Any]]
"""An entry's projects row, indicator rows and JSON shape, computed once for every group."""


def prepare(entry: Entry) -> Prepared:
    """Return what the downloads hold of one entry."""
    return record_row(entry), indicator_rows(entry), record_data(entry)


def group_files(stem: str, prepared: list[Prepared]) -> dict[str, bytes]:
    """Return the files of one group, keyed by file name."""
    records = [row for row, _, _ in prepared]
    indicators = [row for _, rows, _ in prepared for row in rows]
    return {
        f"{stem}.csv": csv_bytes(RECORD_COLUMNS, records),
        f"{stem}-indicators.csv": csv_bytes(INDICATOR_COLUMNS, indicators),
        f"{stem}.xlsx": xlsx_bytes((("项目", RECORD_COLUMNS, records),
                                    ("指标", INDICATOR_COLUMNS, indicators))),
        f"{stem}.json": json_bytes([data for _, _, data in prepared]),
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
