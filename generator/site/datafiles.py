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
    records a sixth of the build). The pool is forked once, at the first slice with enough
    fresh rows, and serves every later slice and year: a pool per year made the writing process
    copy its memory again after each fork (180,000 more page faults at 10,000 records)."""

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
    """A slice's share of each download (`SLICE` records of a year), finished: a file of one
    year or of all years is its header, its slices' parts one after the other, and its end."""

    records_csv: bytes
    """The slice's lines of the projects CSV, UTF-8."""
    indicators_csv: bytes
    json: bytes
    """The slice's JSON lines joined by `,\\n`, UTF-8 (b"" for no record)."""
    records_sheet: SheetPart
    indicators_sheet: SheetPart


def make_parts(prepared: Sequence[Prepared]) -> Parts:
    """Return the parts of the downloads of these rows (a slice's, in order)."""
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


def group_chunks(stem: str, name: str, parts: Iterable[Parts | _SliceView],
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
            lines = p.json  # read once: a slice's field may come from the cache
            if lines:
                yield b'{"records": [\n' if first else b",\n"
                yield lines
                first = False
        yield json_bytes([]) if first else b"\n]}\n"
    else:
        raise KeyError(name)


ALL = "records-all"
"""The group of every year."""

SLICE = 500
"""Rows made at once (issue 16): a year's downloads are made and cached in slices of this many
records, so the strings serialised for a year never sit in memory all together, and every file
reads each slice back from the page cache as it is written. At 10,000 records a slice of 1,000
peaked ≈ 55 MiB higher; one of 250 falls under `PREPARE_FROM`, so its rows would be serialised
by the writing process alone."""


class DataFiles(Mapping[str, bytes]):
    """Every download keyed by its path below the docs folder (`data/…`), each made when read.

    Each year's files and `records-all` are put together from the years' `Parts`, one per
    `SLICE` of the year's records (records are listed newest year first, as `model.entries`).
    A year's parts are made when a file needing them is first read (the writer has then
    accepted its folder: the cache entries they make are written at once, never held back),
    slice by slice; no file's bytes are kept, and `chunks` gives a file as its pieces (the
    parts themselves), never joined.

    With a `cache` and the entries' `digests`, each slice's parts are kept in the cache, each
    field apart (`_FIELDS`), by the digests of the slice's records (same digests, same order):
    a changed record makes its slice again, every other slice is read as it is. Nothing is
    held: a file reads its own pieces back from the cache, slice by slice, as the writer takes
    them (a slice the cache lost is made again), so the downloads never hold more than a slice
    in memory. Each slice's rows, serialised (`Prepared`), are kept with each entry's digest
    too, so a changed slice is put together from them: only a changed record is serialised
    again. The years' digests name each file (`identity`): a file the previous tree holds under
    its name is neither made nor read (`treewrite.IdentifiedFiles`).

    Without the cache (or a record's digest), a year's parts are held from the first file that
    reads them until every file made of them was read.
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
        """The years held in memory (no cache), while a file still wants them."""
        self._kept: dict[tuple[str, int], Parts] = {}
        """Slices the cache could not store, held instead (a cache that cannot be written)."""
        self._made: set[str] = set()
        self._keys: dict[str, str | None] = {}
        self._slice_keys: dict[tuple[str, int], str | None] = {}
        self._files: dict[str, tuple[str, str]] = {f"data/{SCHEMA_NAME}": ("", SCHEMA_NAME)}
        for stem in (*self._years, ALL):
            self._files.update({f"data/{name}": (stem, name) for name in group_names(stem)})
        self._wanted = {year: {path for path, (stem, _) in self._files.items()
                               if stem in (year, ALL)} for year in self._years}
        """The files not read yet that a held year's parts make: once all are read, they go."""

    def __getitem__(self, path: str) -> bytes:
        """Return the file at `path`, made now."""
        return b"".join(self.chunks(path))

    def chunks(self, path: str) -> Iterable[bytes]:
        """Return the file at `path` as the byte strings it is made of, in order: made now, or
        read from the page cache slice by slice as they are taken."""
        stem, name = self._files[path]
        if not stem:
            return [schema_text().encode("utf-8")]
        if self._cache is not None and not self._cache.writing:
            self._cache.start_writing()  # only a writer that accepted its folder reads files
        years = list(self._years) if stem == ALL else [stem]
        parts: list[Iterable[Parts | _SliceView]] = []
        for year in years:
            if self._lazy(year):
                self._make(year)  # every slice in the cache (or kept), none held
                parts.append(self._views(year))
            else:
                if year not in self._parts:
                    self._parts[year] = [
                        _slice_parts(year, number, self._slice(year, number), self._cache,
                                     self._digests, self._workers)[0]
                        for number in range(self._slice_count(year))]
                    self._made_one(year)
                parts.append(self._parts[year])
        data = group_chunks(stem, name, itertools.chain.from_iterable(parts), self._store)
        for year in years:  # held parts no file still wants are let go (made again if asked)
            self._wanted[year].discard(path)
            if not self._wanted[year]:
                self._parts.pop(year, None)
        return data

    def _lazy(self, year: str) -> bool:
        """Return whether a year's slices go through the cache (it and every digest known)."""
        return self._cache is not None and self._digests is not None \
            and self._key(year) is not None

    def _slice_count(self, year: str) -> int:
        return -(-len(self._years[year]) // SLICE)

    def _slice(self, year: str, number: int) -> tuple[Entry, ...]:
        return self._years[year][number * SLICE:(number + 1) * SLICE]

    def _slice_key(self, year: str, number: int) -> str | None:
        """Return a slice's parts key (`_parts_key`), worked out once: every field read asks."""
        if (year, number) not in self._slice_keys:
            self._slice_keys[(year, number)] = _parts_key(
                f"{year}.slice", self._slice(year, number), self._cache, self._digests)
        return self._slice_keys[(year, number)]

    def _make(self, year: str) -> None:
        """Make the slices of a year the cache lacks (storing them), once per build."""
        if year in self._made:
            return
        assert self._cache is not None
        cache = self._cache
        for number in range(self._slice_count(year)):
            key = self._slice_key(year, number)
            if key is not None and all(cache.has(_field_key(cache, key, f)) for f in _FIELDS):
                continue  # read, and checked, when a file takes it
            made, stored = _slice_parts(year, number, self._slice(year, number), cache,
                                        self._digests, self._workers, known=False)
            if not stored:
                self._kept[(year, number)] = made
        self._made_one(year)

    def _made_one(self, year: str) -> None:
        self._made.add(year)
        if len(self._made) == len(self._years):
            self._workers.close()  # every year's rows are serialised

    def _views(self, year: str) -> list[_SliceView]:
        return [_SliceView(self, year, number) for number in range(self._slice_count(year))]

    def field(self, year: str, number: int, name: str) -> bytes | SheetPart:
        """Return one field of one slice's parts: kept, or read from the cache, or (the cache
        lost or damaged it) made again and stored."""
        kept = self._kept.get((year, number))
        if kept is not None:
            return getattr(kept, name)  # type: ignore[no-any-return]
        assert self._cache is not None
        key = self._slice_key(year, number)
        found = None if key is None else _field_from(
            self._cache.get(_field_key(self._cache, key, name)), name)
        if found is not None:
            return found
        made, _ = _slice_parts(year, number, self._slice(year, number), self._cache,
                               self._digests, self._workers, known=False)
        return getattr(made, name)  # type: ignore[no-any-return]

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


class _SliceView:
    """One slice's parts as a file reads them: each field taken from the cache when read."""

    __slots__ = ("_files", "_number", "_year")

    def __init__(self, files: DataFiles, year: str, number: int) -> None:
        self._files, self._year, self._number = files, year, number

    def __getattr__(self, name: str) -> Any:
        if name not in _FIELDS:
            raise AttributeError(name)
        return self._files.field(self._year, self._number, name)


def _slice_parts(stem: str, number: int, entries: tuple[Entry, ...], cache: PageCache | None,
                 digests: Mapping[str, bytes] | None, workers: RowWorkers | None = None,
                 known: bool = True) -> tuple[Parts, bool]:
    """Return the parts of one slice of a year's records, and whether the cache holds them:
    read from the cache (unless `known` is False: the caller found it lacking), or made from
    the slice's kept and fresh rows (serialised by `workers` when given), then stored."""
    key = _parts_key(f"{stem}.slice", entries, cache, digests)
    if cache is not None and key is not None and known:
        fields = [_field_from(cache.get(_field_key(cache, key, f)), f) for f in _FIELDS]
        if None not in fields:
            return Parts(*fields), True  # type: ignore[arg-type]
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
        stored = all([cache.put(_field_key(cache, key, f), _field_bytes(getattr(parts, f)))
                      for f in _FIELDS])
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
    """Return the key of the parts of `entries` (a year's, naming its files, or a slice's,
    naming its cache entries), or None when one of them has no digest.

    zlib's version is part of it: another zlib may deflate the same rows to other bytes."""
    shown = None if cache is None or digests is None else joined_digests(entries, digests)
    if cache is None or shown is None:
        return None
    return cache.key(f"data/{stem}.parts", zlib.ZLIB_RUNTIME_VERSION.encode("ascii"), shown)


_FIELDS = ("records_csv", "indicators_csv", "json", "records_sheet", "indicators_sheet")
"""The fields of `Parts`, each kept in the cache on its own: a file reads only its own."""

PART_MAGIC = b"jixiao-part-2\n"
_TEXT_HEAD = struct.Struct("<Q")
_SHEET_HEAD = struct.Struct("<4Q")


def _field_key(cache: PageCache, slice_key: str, name: str) -> str:
    """Return the cache key of one field of the slice whose parts key is `slice_key`."""
    return cache.key(f"data/.{name}", slice_key.encode("ascii"))


def _field_bytes(value: bytes | SheetPart) -> bytes:
    """Return a field as stored: magic, then `t`, the text's length and the text, or `s`, the
    sheet part's rows, size, CRC and length, and its deflated rows."""
    if isinstance(value, SheetPart):
        return PART_MAGIC + b"s" + _SHEET_HEAD.pack(value.rows, value.size, value.crc,
                                                     len(value.data)) + value.data
    return PART_MAGIC + b"t" + _TEXT_HEAD.pack(len(value)) + value


def _field_from(data: bytes | None, name: str) -> bytes | SheetPart | None:
    """Return the field `name` stored as `_field_bytes`, or None for anything else (made again):
    another kind, a length that does not match, a CRC above 32 bits."""
    if data is None or not data.startswith(PART_MAGIC):
        return None
    kind, start = data[len(PART_MAGIC):len(PART_MAGIC) + 1], len(PART_MAGIC) + 1
    sheet = name.endswith("_sheet")
    head = _SHEET_HEAD if sheet else _TEXT_HEAD
    if kind != (b"s" if sheet else b"t") or len(data) < start + head.size:
        return None
    numbers = head.unpack_from(data, start)
    body = data[start + head.size:]
    if numbers[-1] != len(body):
        return None
    if not sheet:
        return body
    rows, size, crc, _ = numbers
    return SheetPart(rows, size, crc, body) if crc <= 0xFFFFFFFF else None


def _rows_key(stem: str, cache: PageCache) -> str:
    """Return the key of the rows of a year's slice (`records-2021.0`: its first)."""
    return cache.key(f"data/{stem}.rows")


def _rows_bytes(rows: list[tuple[str, bytes, Prepared]]) -> bytes:
    """Return a slice's serialised rows as deflated marshal data: (url, the entry's digest,
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
