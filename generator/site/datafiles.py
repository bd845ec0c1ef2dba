"""Downloads of the 数据 page: every record per year and in total as CSV, XLSX and JSON.

Deterministic bytes: same records, same files (style.md habit 6). CSV is UTF-8 with a BOM so
Excel opens it; XLSX dates and zip timestamps are fixed (see `xlsx_bytes`).
"""

from __future__ import annotations

import csv
import io
import json
import zlib
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
from generator.site.xlsx import Cells, SkeletonStore, row_cells, workbook_bytes

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


def group_files(stem: str, prepared: list[Prepared],
                store: SkeletonStore | None = None) -> dict[str, bytes]:
    """Return the files of one group, keyed by file name (`store`: see `xlsx.workbook_bytes`)."""
    indicators = [cells for p in prepared for cells in p.indicator_cells]
    return {
        f"{stem}.csv": csv_file(RECORD_COLUMNS, [p.record_csv for p in prepared]),
        f"{stem}-indicators.csv": csv_file(INDICATOR_COLUMNS, [p.indicators_csv for p in prepared]),
        f"{stem}.xlsx": workbook_bytes((("项目", RECORD_COLUMNS, [p.record_cells for p in prepared]),
                                        ("指标", INDICATOR_COLUMNS, indicators)), store),
        f"{stem}.json": json_bytes([p.json for p in prepared]),
    }


def data_tree(model: SiteModel, cache: PageCache | None = None,
              digests: Mapping[str, bytes] | None = None) -> dict[str, bytes]:
    """Return every download keyed by its path below the docs folder (`data/…`).

    With a `cache` and the entries' `digests`, a group whose records are unchanged (same
    digests, same order) is read from it: a changed record rebuilds its year and `records-all`.
    Each year's rows, serialised (`Prepared`), are kept with each entry's digest, so
    `records-all` and a changed year are put together from them: only a changed record is
    serialised again.
    """
    files: dict[str, bytes] = {f"data/{SCHEMA_NAME}": schema_text().encode("utf-8")}
    prepared: dict[str, Prepared] = {}
    read: set[str] = set()
    store = None if cache is None else _skeleton_store(cache)
    everything = groups(model)
    for group in everything:
        year = group.stem.removeprefix("records-")
        entries = model.entries if year == "all" else model.of_year(int(year))
        names = [f"data/{name}" for _, name in group.names]
        keys = _group_keys(names, entries, cache, digests)
        if cache is not None and keys:
            found = [cache.get(key) for key in keys]
            if all(data is not None for data in found):
                files.update(zip(names, found, strict=True))  # type: ignore[arg-type]
                continue
        if cache is not None and digests is not None:
            for other in everything[:-1] if year == "all" else (group,):
                if other.stem not in read:
                    read.add(other.stem)
                    _stored_rows(other.stem, cache, digests, prepared)
        fresh = [entry for entry in entries if entry.url not in prepared]
        for entry in fresh:
            prepared[entry.url] = prepare(entry)
        made = group_files(group.stem, [prepared[e.url] for e in entries], store)
        for key, name in zip(keys, names, strict=False):
            assert cache is not None
            cache.put(key, made[name.removeprefix("data/")])
        if keys and fresh and year != "all":
            assert cache is not None and digests is not None
            cache.put(_rows_key(group.stem, cache),
                      _rows_bytes([(e.url, digests[e.url], prepared[e.url]) for e in entries]))
        files.update({f"data/{name}": data for name, data in made.items()})
    return files


def _skeleton_store(cache: PageCache) -> SkeletonStore:
    """Keep openpyxl's workbook package in the page cache (`xlsx.workbook_bytes`)."""
    def key(name: str) -> str:
        return cache.key("data/.xlsx-package", name.encode("utf-8"))

    return (lambda name: cache.get(key(name)), lambda name, data: cache.put(key(name), data))


def _rows_key(stem: str, cache: PageCache) -> str:
    return cache.key(f"data/{stem}.rows")


def _rows_bytes(rows: list[tuple[str, bytes, Prepared]]) -> bytes:
    """Return a year's serialised rows as deflated JSON: [url, the entry's digest, record CSV,
    indicators CSV, record cells, indicator cells, JSON line] each (deflated: they wait in
    memory until the writer takes the folder, a tenth of their size)."""
    return zlib.compress(json.dumps([[url, digest.hex(), p.record_csv, p.indicators_csv,
                                      p.record_cells, p.indicator_cells, p.json]
                                     for url, digest, p in rows],
                                    ensure_ascii=False).encode("utf-8"), 1)


def _stored_rows(stem: str, cache: PageCache, digests: Mapping[str, bytes],
                 prepared: dict[str, Prepared]) -> None:
    """Add to `prepared` the serialised rows the cache keeps of a year (`records-<year>`) for
    entries whose digest is unchanged; anything malformed is ignored (serialised again)."""
    data = cache.get(_rows_key(stem, cache))
    if data is None:
        return
    try:
        rows = json.loads(zlib.decompress(data))
        found = {url: (digest, Prepared(record_csv, indicators_csv, tuple(record_cells),
                                        tuple(tuple(cells) for cells in indicator_cells), line))
                 for url, digest, record_csv, indicators_csv, record_cells, indicator_cells, line
                 in rows}
    except (ValueError, TypeError, zlib.error):
        return
    for url, (digest, item) in found.items():
        known = digests.get(url) if isinstance(url, str) else None
        if known is not None and digest == known.hex() and _well_formed(item):
            prepared.setdefault(url, item)


def _well_formed(p: Prepared) -> bool:
    return all(isinstance(t, str) for t in (p.record_csv, p.indicators_csv, p.json)) \
        and all(isinstance(c, str) for c in p.record_cells) \
        and all(isinstance(c, str) for cells in p.indicator_cells for c in cells)


def _group_keys(names: list[str], entries: tuple[Entry, ...], cache: PageCache | None,
                digests: Mapping[str, bytes] | None) -> list[str]:
    """Return the cache key of each file of a group, or [] when one of its entries has no digest."""
    if cache is None or digests is None or any(e.url not in digests for e in entries):
        return []
    shown = b"".join(digests[e.url] for e in entries)
    return [cache.key(name, shown) for name in names]
