"""Downloads of the 数据 page: every record per year and in total as CSV, XLSX and JSON.

Deterministic bytes: same records, same files (style.md habit 6). CSV is UTF-8 with a BOM so
Excel opens it; XLSX dates and zip timestamps are fixed (see `xlsx_bytes`).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import marshal
import multiprocessing
import struct
import weakref
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.read.parallel import frozen_heap, release_free_memory, worth_forking
from generator.read.schema import schema_text
from generator.site.datarows import (
    INDICATOR_COLUMNS,
    RECORD_COLUMNS,
    Row,
    indicator_rows,
    record_data,
    record_row,
)
from generator.site.pagecache import joined_digests
from generator.site.xlsx import SheetPart, SkeletonStore, deflate_part, parts_workbook, row_xml

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
        return tuple(zip(("CSV（项目）", "CSV（指标）", "Excel（XLSX）", "JSON"),
                         group_names(self.stem), strict=True))


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
    record_row: str
    """Its row of the projects sheet (`xlsx.row_xml`)."""
    indicator_rows: str
    """Its rows of the indicators sheet."""
    json: str
    """Its line of the JSON file."""


def prepare(entry: Entry) -> Prepared:
    """Return what the downloads hold of one entry."""
    record, indicators = record_row(entry), indicator_rows(entry)
    return Prepared(csv_lines(RECORD_COLUMNS, [record]), csv_lines(INDICATOR_COLUMNS, indicators),
                    row_xml(RECORD_COLUMNS, record),
                    "".join(row_xml(INDICATOR_COLUMNS, row) for row in indicators),
                    json_line(record_data(entry)))


PREPARE_FROM = 400
"""Fewer fresh rows than this are serialised in this process: a pool costs more than it saves."""

_PREPARING: Sequence[Entry] | None = None
"""The entries forked workers serialise (set before the pool forks, read by `_prepare_at`)."""


def _prepare_at(positions: list[int]) -> list[tuple[str, str, str, str, str]]:
    assert _PREPARING is not None
    return [_texts(prepare(_PREPARING[at])) for at in positions]


def _texts(p: Prepared) -> tuple[str, str, str, str, str]:
    return (p.record_csv, p.indicators_csv, p.record_row, p.indicator_rows, p.json)


class RowWorkers:
    """Forked processes serialising the rows of a model's entries (`prepare`) for the writing
    process, which otherwise did it alone while the page renderers waited (issue 16: at 10,000
    records a sixth of the build). The pool is forked once, at the first year with enough
    fresh rows, and serves every later year: a pool per year made the writing process copy its
    memory again after each fork (180,000 more page faults at 10,000 records)."""

    def __init__(self, entries: Sequence[Entry], jobs: int) -> None:
        """Serialise rows of `entries` (found by URL) on `jobs` processes, none forked yet."""
        self._entries = tuple(entries)
        self._at: dict[str, int] = {}  # position by URL, once a pool is forked
        self._jobs = jobs
        self._pool: Any = None
        self._stop: weakref.finalize[[], RowWorkers] | None = None

    def prepare(self, fresh: Sequence[Entry]) -> list[Prepared]:
        """Return `prepare` of each entry, in order: the same values as in this process."""
        if not worth_forking(self._jobs, len(fresh), PREPARE_FROM):
            return [prepare(entry) for entry in fresh]
        if self._pool is None:
            global _PREPARING
            _PREPARING = self._entries
            try:
                with frozen_heap():
                    self._pool = multiprocessing.get_context("fork").Pool(self._jobs)
            finally:
                _PREPARING = None  # the workers forked with it
            self._stop = weakref.finalize(self, self._pool.terminate)
            if not self._at:
                self._at = {entry.url: at for at, entry in enumerate(self._entries)}
        positions = [self._at[entry.url] for entry in fresh]
        size = -(-len(positions) // (self._jobs * 8))
        done = self._pool.map(_prepare_at, [positions[start:start + size]
                                            for start in range(0, len(positions), size)],
                              chunksize=1)
        return [Prepared(*texts) for part in done for texts in part]

    def close(self) -> None:
        """Stop the worker processes, if any (forked again when asked for more)."""
        if self._pool is not None:
            assert self._stop is not None
            self._stop.detach()
            self._pool.close()
            self._pool.join()
            self._pool = self._stop = None


@dataclass(frozen=True)
class Parts:
    """A year's share of each download, finished: a file of one year or of all years is its
    header, its years' parts one after the other, and its end."""

    records_csv: bytes
    """The year's lines of the projects CSV, UTF-8."""
    indicators_csv: bytes
    json: bytes
    """The year's JSON lines joined by `,\\n`, UTF-8 (b"" for no record)."""
    records_sheet: SheetPart
    indicators_sheet: SheetPart


def make_parts(prepared: Sequence[Prepared]) -> Parts:
    """Return the parts of the downloads of these rows (a year's, in order)."""
    indicator_count = sum(p.indicator_rows.count("<row>") for p in prepared)
    return Parts("".join(p.record_csv for p in prepared).encode("utf-8"),
                 "".join(p.indicators_csv for p in prepared).encode("utf-8"),
                 ",\n".join(p.json for p in prepared).encode("utf-8"),
                 deflate_part("".join(p.record_row for p in prepared).encode("ascii"),
                              len(prepared)),
                 deflate_part("".join(p.indicator_rows for p in prepared).encode("ascii"),
                              indicator_count))


def group_names(stem: str) -> tuple[str, ...]:
    """Return the file names of one group (`records-2021`, `records-all`), as `FileGroup.names`."""
    return (f"{stem}.csv", f"{stem}-indicators.csv", f"{stem}.xlsx", f"{stem}.json")


def group_chunks(stem: str, name: str, parts: Iterable[Parts],
                 store: SkeletonStore | None = None) -> Iterator[bytes]:
    """Yield the file `name` of one group as the byte strings it is made of, in order: the
    parts themselves, never joined (a file of every year is written piece by piece), each
    taken from `parts` only when the one before was given."""
    if name == f"{stem}.csv":
        yield csv_file(RECORD_COLUMNS, [])
        yield from (p.records_csv for p in parts)
    elif name == f"{stem}-indicators.csv":
        yield csv_file(INDICATOR_COLUMNS, [])
        yield from (p.indicators_csv for p in parts)
    elif name == f"{stem}.xlsx":
        records: list[SheetPart] = []
        indicators: list[SheetPart] = []
        for p in parts:  # the sheets' deflated rows only (a tenth of the text) are held
            records.append(p.records_sheet)
            indicators.append(p.indicators_sheet)
        yield parts_workbook((("项目", RECORD_COLUMNS, records),
                              ("指标", INDICATOR_COLUMNS, indicators)), store)
    elif name == f"{stem}.json":
        first = True
        for p in parts:
            if p.json:
                yield b'{"records": [\n' if first else b",\n"
                yield p.json
                first = False
        yield json_bytes([]) if first else b"\n]}\n"
    else:
        raise KeyError(name)


ALL = "records-all"
"""The group of every year."""

SLICE = 1000
"""Rows made at once (issue 16): a year's downloads are made, kept and cached in slices of this
many records, so the strings serialised for a year never sit in memory all together, and
`records-all` reads each slice back from the page cache as it is written."""


class DataFiles(Mapping[str, bytes]):
    """Every download keyed by its path below the docs folder (`data/…`), each made when read.

    Each year's files and `records-all` are put together from the years' `Parts`, one per
    `SLICE` of the year's records (records are listed newest year first, as `model.entries`).
    A year's parts are made when a file needing them is first read (the writer has then
    accepted its folder: the cache entries they make are written at once, never held back),
    slice by slice; no file's bytes are kept, and `chunks` gives a file as its pieces (the
    parts themselves), never joined. A year's parts are let go once its own four files are
    read when the page cache holds every slice of them: `records-all` then reads each slice
    back from the cache as the writer takes its pieces, so the downloads hold about one year
    in memory, not every year (without the cache, or when it cannot be written, they are kept
    until `records-all` is read, as before).

    With a `cache` and the entries' `digests`, each slice's parts are kept by the digests of
    its records (same digests, same order): a changed record makes its slice again, every
    other slice is read as it is. Each slice's rows, serialised (`Prepared`), are kept with
    each entry's digest too, so a changed slice is put together from them: only a changed
    record is serialised again. The years' digests name each file (`identity`): a file the
    previous tree holds under its name is neither made nor read (`treewrite.IdentifiedFiles`).
    """

    def __init__(self, model: SiteModel, cache: PageCache | None = None,
                 digests: Mapping[str, bytes] | None = None, jobs: int = 1) -> None:
        """List the files of `model` without making any (the years' fresh rows are serialised
        on `jobs` processes, `RowWorkers`)."""
        # records-all lists the years' rows one year after another, as `model.entries` does
        assert [year for year, _ in itertools.groupby(e.record.year for e in model.entries)] \
            == list(model.years)
        self._cache, self._digests = cache, digests
        self._workers = RowWorkers(model.entries, jobs)
        self._store = None if cache is None else _skeleton_store(cache)
        self._years = {f"records-{year}": model.of_year(year) for year in model.years}
        self._parts: dict[str, list[Parts]] = {}
        self._stored: set[str] = set()
        """The years whose every slice the page cache holds (`records-all` reads them there)."""
        self._made: set[str] = set()
        self._keys: dict[str, str | None] = {}
        self._files: dict[str, tuple[str, str]] = {f"data/{SCHEMA_NAME}": ("", SCHEMA_NAME)}
        for stem in (*self._years, ALL):
            self._files.update({f"data/{name}": (stem, name) for name in group_names(stem)})
        self._own = {year: {path for path, (stem, _) in self._files.items() if stem == year}
                     for year in self._years}
        """The year's own files not read yet: once all are read, a stored year's parts go."""
        self._wanted = {year: {path for path, (stem, _) in self._files.items()
                               if stem in (year, ALL)} for year in self._years}
        """The files not read yet that a year's parts make: once all are read, its parts go."""

    def __getitem__(self, path: str) -> bytes:
        """Return the file at `path`, made now."""
        return b"".join(self.chunks(path))

    def chunks(self, path: str) -> Iterable[bytes]:
        """Return the file at `path`, made now, as the byte strings it is made of, in order
        (those of `records-all` made, or read from the page cache, as they are taken)."""
        stem, name = self._files[path]
        if not stem:
            return [schema_text().encode("utf-8")]
        if self._cache is not None and not self._cache.writing:
            self._cache.start_writing()  # only a writer that accepted its folder reads files
        if stem != ALL:
            data = list(group_chunks(stem, name, self._year(stem), self._store))
            self._read(stem, path)
            return data
        return self._all(name, path)

    def _all(self, name: str, path: str) -> Iterator[bytes]:
        """Yield the pieces of `records-all`'s file `name`, each year's parts taken in turn:
        held in memory, or read back from the cache slice by slice."""
        years = list(self._years)
        lazily = [year for year in years if year not in self._parts and self._lazy(year)]
        # The years read lazily are not made (nor held) here; the others are made now.
        parts: list[Iterable[Parts]] = [
            self._slices(year) if year in lazily else self._year(year) for year in years]
        yield from group_chunks(ALL, name, itertools.chain.from_iterable(parts), self._store)
        for year in years:
            self._read(year, path)

    def _year(self, year: str) -> list[Parts]:
        """Return a year's parts, made (from the cache's slices, or afresh) if not held."""
        if year not in self._parts:
            slices = list(self._slices(year))
            self._parts[year] = slices
            self._made.add(year)
            if len(self._made) == len(self._years):
                self._workers.close()  # every year's rows are serialised
        return self._parts[year]

    def _lazy(self, year: str) -> bool:
        """Return whether a year's slices are all named by keys (so readable from the cache)."""
        return self._cache is not None and self._digests is not None \
            and self._key(year) is not None

    def _slices(self, year: str) -> Iterator[Parts]:
        """Yield a year's parts, slice by slice: read from the cache, else made (and stored)."""
        entries = self._years[year]
        stored = self._lazy(year)
        for number, start in enumerate(range(0, len(entries), SLICE)):
            made = _slice_parts(year, number, entries[start:start + SLICE], self._cache,
                                self._digests, self._workers)
            stored = stored and made[1]
            yield made[0]
        if not entries:
            yield make_parts([])
        if stored:
            self._stored.add(year)

    def _read(self, year: str, path: str) -> None:
        """Let a year's parts go once no file still wants them, or once its own files are read
        and the cache holds them (made again, or read from the cache, if asked)."""
        self._own[year].discard(path)
        self._wanted[year].discard(path)
        if not self._wanted[year] or (not self._own[year] and year in self._stored):
            self._parts.pop(year, None)

    def __contains__(self, path: object) -> bool:
        """Return whether `path` is a download (nothing is made)."""
        return path in self._files

    def __iter__(self) -> Iterator[str]:
        """Iterate over the paths: the schema, each year's files newest first, then all years."""
        return iter(self._files)

    def __len__(self) -> int:
        """Return the number of files."""
        return len(self._files)

    def _key(self, year: str) -> str | None:
        if year not in self._keys:
            self._keys[year] = _parts_key(year, self._years[year], self._cache, self._digests)
        return self._keys[year]

    def identity(self, path: str) -> str | None:
        """Return a name for the bytes of `path`: its name and its years' parts keys (None for
        the schema, which the writer hashes, and without the cache or a record's digest)."""
        stem, _ = self._files.get(path, ("", ""))
        if not stem or self._cache is None:
            return None
        keys = [self._key(year) for year in (list(self._years) if stem == ALL else [stem])]
        if None in keys:
            return None
        return "data:" + self._cache.key(path, *(key.encode("ascii") for key in keys if key))


def _slice_parts(stem: str, number: int, entries: tuple[Entry, ...], cache: PageCache | None,
                 digests: Mapping[str, bytes] | None,
                 workers: RowWorkers | None = None) -> tuple[Parts, bool]:
    """Return the parts of one slice of a year's records, and whether the cache holds them:
    kept in the cache under their key (`_parts_key`), or made from the slice's kept and fresh
    rows (serialised by `workers` when given), then stored."""
    key = _parts_key(f"{stem}.slice", entries, cache, digests)
    if cache is not None and key is not None:
        found = _parts_from(cache.get(key))
        if found is not None:
            return found, True
    prepared: dict[str, Prepared] = {}
    rows_key = None if cache is None else _rows_key(f"{stem}.{number}", cache)
    if cache is not None and digests is not None and rows_key is not None:
        _stored_rows(rows_key, cache, digests, prepared)
    fresh = [entry for entry in entries if entry.url not in prepared]
    made = [prepare(entry) for entry in fresh] if workers is None else workers.prepare(fresh)
    for entry, item in zip(fresh, made, strict=True):
        prepared[entry.url] = item
    parts = make_parts([prepared[e.url] for e in entries])
    stored = False
    if cache is not None and key is not None:
        assert digests is not None and rows_key is not None
        stored = cache.put(key, _parts_bytes(parts))
        if fresh:
            cache.put(rows_key, _rows_bytes([(e.url, digests[e.url], prepared[e.url])
                                             for e in entries]))
    del prepared, made
    release_free_memory()  # the slice's rows, serialised, are let go: their pages too
    return parts, stored


def _skeleton_store(cache: PageCache) -> SkeletonStore:
    """Keep openpyxl's workbook package in the page cache (`xlsx.parts_workbook`)."""
    def key(name: str) -> str:
        return cache.key("data/.xlsx-package", name.encode("utf-8"))

    return (lambda name: cache.get(key(name)), lambda name, data: cache.put(key(name), data))


def _parts_key(stem: str, entries: tuple[Entry, ...], cache: PageCache | None,
               digests: Mapping[str, bytes] | None) -> str | None:
    """Return the cache key of a year's parts, or None when one of its entries has no digest.

    zlib's version is part of it: another zlib may deflate the same rows to other bytes."""
    shown = None if cache is None or digests is None else joined_digests(entries, digests)
    if cache is None or shown is None:
        return None
    return cache.key(f"data/{stem}.parts", zlib.ZLIB_RUNTIME_VERSION.encode("ascii"), shown)


_PARTS_MAGIC = b"jixiao-parts-1\n"
_PARTS_HEAD = struct.Struct("<6Q5Q")


def _parts_bytes(parts: Parts) -> bytes:
    """Return a year's parts as stored: magic, the sheets' rows, sizes and CRCs, the lengths
    of the five byte strings, then the strings."""
    a, b = parts.records_sheet, parts.indicators_sheet
    blobs = (parts.records_csv, parts.indicators_csv, parts.json, a.data, b.data)
    return _PARTS_MAGIC + _PARTS_HEAD.pack(a.rows, a.size, a.crc, b.rows, b.size, b.crc,
                                           *(len(blob) for blob in blobs)) + b"".join(blobs)


def _parts_from(data: bytes | None) -> Parts | None:
    """Return the parts stored as `_parts_bytes`, or None for anything else (made again)."""
    if data is None or not data.startswith(_PARTS_MAGIC):
        return None
    start = len(_PARTS_MAGIC) + _PARTS_HEAD.size
    if len(data) < start:
        return None
    numbers = _PARTS_HEAD.unpack_from(data, len(_PARTS_MAGIC))
    lengths = numbers[6:]
    if start + sum(lengths) != len(data) or max(numbers[2], numbers[5]) > 0xFFFFFFFF:
        return None
    blobs = []
    for length in lengths:
        blobs.append(data[start:start + length])
        start += length
    a_rows, a_size, a_crc, b_rows, b_size, b_crc = numbers[:6]
    return Parts(blobs[0], blobs[1], blobs[2], SheetPart(a_rows, a_size, a_crc, blobs[3]),
                 SheetPart(b_rows, b_size, b_crc, blobs[4]))


def _rows_key(stem: str, cache: PageCache) -> str:
    """Return the key of the rows of a year's slice (`records-2021.0`: its first)."""
    return cache.key(f"data/{stem}.rows")


def _rows_bytes(rows: list[tuple[str, bytes, Prepared]]) -> bytes:
    """Return a year's serialised rows as deflated marshal data: (url, the entry's digest,
    record CSV, indicators CSV, record row, indicator rows, JSON line) each (deflated: they
    wait in memory until the writer takes the folder, a tenth of their size)."""
    return zlib.compress(marshal.dumps([(url, digest, p.record_csv, p.indicators_csv,
                                         p.record_row, p.indicator_rows, p.json)
                                        for url, digest, p in rows]), 1)


def _stored_rows(key: str, cache: PageCache, digests: Mapping[str, bytes],
                 prepared: dict[str, Prepared]) -> None:
    """Add to `prepared` the serialised rows the cache keeps under `key` (`_rows_key` of a
    year's slice) for entries whose digest is unchanged; anything malformed is ignored
    (serialised again)."""
    data = cache.get(key)
    if data is None:
        return
    try:
        rows = marshal.loads(zlib.decompress(data))
        found = {url: (digest, Prepared(*texts)) for url, digest, *texts in rows}
    except (ValueError, TypeError, EOFError, zlib.error):
        return
    for url, (digest, item) in found.items():
        known = digests.get(url) if isinstance(url, str) else None
        if known is not None and digest == known and _well_formed(item):
            prepared.setdefault(url, item)


def _well_formed(p: Prepared) -> bool:
    return all(isinstance(t, str) for t in (p.record_csv, p.indicators_csv, p.record_row,
                                            p.indicator_rows, p.json))
