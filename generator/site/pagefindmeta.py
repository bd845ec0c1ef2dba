"""Rewrite Pagefind 1.6.0's index so a query fetches only what it needs (issue 16).

Pagefind splits its sorted word list into chunks and names each chunk's first and last word
(trimmed) in the metadata file (`pagefind.<hash>.pf_meta`). Every query term also matches the
words it begins (运 finds 运维), so the browser must load every chunk holding such a word.
`rewrite_index` changes four things, each measured in docs/performance.md:

- **The locations** (`once_per_section`): a word keeps one location per record (a section of
  a group document, generator/site/searchindex.py), the heaviest. A query fetches every
  location of each of its words; the box needs to know only which records hold a word, how
  heavy (a title outweighs a cell) and one place to show. Nothing it shows is lost: the box
  never asks Pagefind for an exact phrase, the only search that reads every location.

- **The chunks** (`chunk_words`): a heavy word gets a chunk alone. Pagefind cuts wherever a
  count runs over, so a heavy word shared its chunk with unrelated light ones, and every term
  whose range reached one of them fetched it (at 50,000 records, 量指 rode along with 运行).
- **The ranges** (`chunk_ranges`): Pagefind's chunk choice (`request_indexes` in
  pagefind_web/src/lib.rs) takes the chunks whose range holds the term ("strict") and, only
  when there is none, the chunks whose range could hold a word beginning with it ("loose").
  When a term is a chunk's last word and the words it begins start the next chunk (运 | 运维),
  the strict match wins and the next chunk is never loaded: on 10,000 synthetic records 运维
  missed 3 of the 2,538 records grep finds. Each chunk's last word is given whole, and a chunk
  whose first word begins with a term that another chunk holds strictly gets its first word
  shortened to that term, so it is held strictly too (tested against a model of the choice).
- **The query** (`QUERY_SEGMENTATION`): Pagefind's JavaScript segments a Chinese query into
  words itself; the search box (theme/javascripts/search.js, `searchTerms`) does it instead,
  asking for the pair of characters where Pagefind's segmentation leaves one character before
  another Chinese word (运 / 维 → 运维). Pagefind indexes every such pair across the record's
  own word boundaries, so the pair finds what the single character found at that place,
  without fetching every word the character begins.

The files get new names (their SHA-256) and `pagefind-entry.json` points to the new metadata,
so no browser keeps an old one.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import itertools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"
"""What Pagefind's files start with once unzipped, before their CBOR."""
ENTRY = "pagefind-entry.json"


class UnexpectedIndex(Exception):
    """The index is not laid out as Pagefind 1.6.0 writes it."""


def chunk_ranges(bounds: Sequence[tuple[str, str]],
                 given: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """Return each chunk's (from, to) for the chunks whose first and last words are `bounds`
    (in order, not overlapping), such that Pagefind's choice loads, for any term, every chunk
    holding a word that begins with it.

    `given` are the chunks' `from` as Pagefind wrote them (a beginning of the first word, or the
    whole); they are kept where they suffice. A chunk's `from` is shortened to the shortest
    beginning of its first word that another chunk holds strictly, until nothing changes: a
    term that begins the chunk's first word is then held strictly by it whenever another chunk
    holds it strictly (and when none does, Pagefind's loose choice finds it)."""
    froms = [first if given is None or not first.startswith(given[i]) else given[i]
             for i, (first, _) in enumerate(bounds)]
    tos = [last for _, last in bounds]
    shortened: dict[str, list[int]] = {}  # a `from` shorter than its first word → the chunks
    for i, (first, _) in enumerate(bounds):
        if froms[i] != first:
            shortened.setdefault(froms[i], []).append(i)
    changed = True
    while changed:
        changed = False
        for i, (first, _) in enumerate(bounds):
            for length in range(1, len(first)):
                term = first[:length]
                if term >= froms[i]:
                    break  # this and every longer beginning are held strictly already
                if _held_elsewhere(term, i, froms, tos, shortened):
                    froms[i] = term
                    shortened.setdefault(term, []).append(i)
                    changed = True
                    break
    return list(zip(froms, tos, strict=True))


def _held_elsewhere(term: str, chunk: int, froms: list[str], tos: list[str],
                    shortened: dict[str, list[int]]) -> bool:
    """Return whether a chunk other than `chunk` holds `term` strictly (from <= term <= to)."""
    at = bisect.bisect_left(tos, term)  # the first chunk whose last word is not before it
    if at < len(tos) and at != chunk and froms[at] <= term:
        return True
    # a later chunk holds it only if its `from` is shorter than its first word, a beginning
    # of the term
    return any(other != chunk and tos[other] >= term
               for length in range(1, len(term) + 1)
               for other in shortened.get(term[:length], ()))


BIG_WORD = 8_000
"""A word whose entry (its pages and locations, CBOR bytes) weighs this much has a chunk alone."""
CHUNK = 40_000
"""The CBOR bytes after which a chunk of smaller words is closed (Pagefind's own cut is 20,000
pages and locations, whatever the words)."""


def chunk_words(words: Sequence[Any], big: int = BIG_WORD, size: int = CHUNK) -> list[list[Any]]:
    """Cut the sorted word entries into chunks: a heavy word alone, the others up to `size`.

    Pagefind cuts its word list wherever a count runs over, so a heavy word often shares its
    chunk with unrelated light ones: at 50,000 records 量指 (a pair across 数量 | 指标, 103,000
    locations) ended the chunk of 运行, 运输, …, and every query of 运 fetched it. A heavy word
    alone is fetched only by the terms that begin it."""
    chunks: list[list[Any]] = []
    current: list[Any] = []
    weight = 0
    for word in words:
        bytes_ = len(cbor2.dumps(word))
        if bytes_ >= big:
            if current:
                chunks.append(current)
                current, weight = [], 0
            chunks.append([word])
            continue
        current.append(word)
        weight += bytes_
        if weight >= size:
            chunks.append(current)
            current, weight = [], 0
    if current:
        chunks.append(current)
    return chunks


def decode_locations(locs: Sequence[int]) -> list[tuple[int, int]]:
    """Return the (position, weight) of a word's locations on one page, as Pagefind 1.6.0
    packs them (`positions_to_packed_page`, pagefind/src/index/mod.rs): a negative number
    -(weight + 1) starts a run of that weight at the absolute position after it; otherwise the
    distance from the location before."""
    out: list[tuple[int, int]] = []
    weight, last, at = DEFAULT_WEIGHT, 0, 0
    while at < len(locs):
        value = locs[at]
        if value < 0:
            weight, last = -value - 1, locs[at + 1]
            at += 2
        else:
            last += value
            at += 1
        out.append((last, weight))
    return out


DEFAULT_WEIGHT = 25
"""The weight Pagefind's packing starts from (a location of another weight starts a run)."""


def encode_locations(located: Sequence[tuple[int, int]]) -> list[int]:
    """Return (position, weight) pairs packed as Pagefind 1.6.0 packs them (`decode_locations`
    undone): sorted by weight (the default first), then position."""
    out: list[int] = []
    weight, last = DEFAULT_WEIGHT, 0
    for position, this in sorted(located, key=lambda p: (0 if p[1] == DEFAULT_WEIGHT else p[1], p[0])):
        if this != weight:
            out += [-this - 1, position]
            weight = this
        else:
            out.append(position - last)
        last = position
    return out


def once_per_section(word: list[Any], sections: Sequence[Sequence[int]]) -> list[Any]:
    """Return a word entry keeping, on each page, one location per section: the heaviest, and
    of those the first.

    `sections[page]` are the locations where the page's anchors (headings with an id) start; a
    record's section is its part of a group document (generator/site/searchindex.py). A query
    fetches every location of each of its words, and the search box needs to know only whether
    a record holds a word (the sub-result), its title's weight and one place to show: a word
    4 times in a record was fetched 4 times (运维 at 50,000 records: 49,397 locations in
    12,701 records)."""
    pages, number = [], 0
    for page in word[1]:
        number += page[0]
        starts = sections[number]
        kept: dict[int, tuple[int, int]] = {}
        for position, weight in decode_locations(page[1]):
            section = bisect.bisect_right(starts, position)
            held = kept.get(section)
            if held is None or weight > held[1]:
                kept[section] = (position, weight)
        pages.append([page[0], encode_locations(list(kept.values())), *page[2:]])
    return [word[0], pages, *word[2:]]


QUERY_SEGMENTATION = (b'return["zh","ja","th"].includes(primaryLang);',
                      b'return["ja","th"].includes(primaryLang);')
"""Pagefind's JavaScript segments a Chinese query itself (`needsWordSegmentation`); the search
box gives it the words already (`theme/javascripts/search.js`, `jxTerms`), so that is turned
off in the two files holding it."""
SCRIPTS = ("pagefind.js", "pagefind-worker.js")


def rewrite_index(output: Path) -> None:
    """Rewrite the Pagefind index in `output` so a query fetches only what it needs.

    Each word keeps one location per section of a page (`once_per_section`); the words are
    cut into chunks again (`chunk_words`), each named by its SHA-256 as Pagefind
    names them, with ranges that make Pagefind's choice load every chunk a term's words are in
    (`chunk_ranges`); the metadata file gets a new name and `pagefind-entry.json` points to it;
    Pagefind's own query segmentation is turned off (`QUERY_SEGMENTATION`). Raises
    UnexpectedIndex (its message in Chinese) when the files are not as Pagefind 1.6.0 writes
    them; nothing is changed then. Running it again changes nothing."""
    entry_path = output / ENTRY
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        scripts = {name: (output / name).read_bytes() for name in SCRIPTS}
        for name, text in scripts.items():
            if text.count(QUERY_SEGMENTATION[0]) + text.count(QUERY_SEGMENTATION[1]) != 1:
                raise ValueError(f"{name} 中没有恰好一处中文查询的分词开关")
        old_chunks: set[str] = set()
        new_chunks: dict[str, bytes] = {}
        rewritten = []
        for language, about in entry["languages"].items():
            meta_path = output / f"pagefind.{about['hash']}.pf_meta"
            meta = read(meta_path)
            sections = [sorted(anchor["location"] for anchor in _fragment(output, page[0])["anchors"])
                        for page in meta[1]]
            words: list[Any] = []
            for chunk in meta[2]:
                old_chunks.add(chunk[2])
                words.extend(once_per_section(word, sections)
                             for word in read(output / "index" / f"{chunk[2]}.pf_index")[0])
            words.sort(key=lambda word: word[0])
            if any(a[0] == b[0] for a, b in itertools.pairwise(words)):
                raise ValueError("同一个词出现在两个分块中")
            chunks = chunk_words(words)
            ranges = chunk_ranges([(chunk[0][0], chunk[-1][0]) for chunk in chunks])
            listed = []
            for chunk, (first, last) in zip(chunks, ranges, strict=True):
                data = write([chunk])
                digest = hashlib.sha256(data).hexdigest()
                length = 7
                while f"{language}_{digest[:length]}" in new_chunks:
                    length += 1
                name = f"{language}_{digest[:length]}"
                new_chunks[name] = data
                listed.append([first, last, name])
            meta[2] = listed
            data = write(meta)
            name = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
            rewritten.append((about, meta_path, name, data))
    except (OSError, ValueError, KeyError, IndexError, TypeError, cbor2.CBORDecodeError) as error:
        raise UnexpectedIndex(f"Pagefind 索引不是 1.6.0 的格式（{error}）：运行 make "
                              "node_modules 安装锁定的版本后重建。") from error
    # The new files first, then the entry naming them, then the old ones nothing names any more.
    for name, data in new_chunks.items():
        (output / "index" / f"{name}.pf_index").write_bytes(data)
    for about, _, name, data in rewritten:
        (output / f"pagefind.{name}.pf_meta").write_bytes(data)
        about["hash"] = name
    for name, text in scripts.items():
        (output / name).write_bytes(text.replace(*QUERY_SEGMENTATION))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
    for _, meta_path, name, _ in rewritten:
        if meta_path.name != f"pagefind.{name}.pf_meta":
            meta_path.unlink()
    for name in old_chunks - set(new_chunks):
        (output / "index" / f"{name}.pf_index").unlink()


def _fragment(output: Path, name: str) -> Any:
    """Return one page's fragment (JSON after the signature: its text, anchors, meta)."""
    raw = gzip.decompress((output / "fragment" / f"{name}.pf_fragment").read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{name}.pf_fragment 不以 {SIGNATURE.decode()} 开头")
    return json.loads(raw[len(SIGNATURE):])


def read(path: Path) -> Any:
    """Return the CBOR of one of Pagefind's gzipped files."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path.name} 不以 {SIGNATURE.decode()} 开头")
    return cbor2.loads(raw[len(SIGNATURE):])


def write(value: Any) -> bytes:
    """Return `value` as Pagefind writes its files: signature, CBOR, gzip (no time stamp)."""
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)
