"""Rewrite Pagefind 1.6.0's index so a query fetches only what it needs (issue 16).

Pagefind splits its sorted word list into chunks and names each chunk's first and last word
(trimmed) in the metadata file (`pagefind.<hash>.pf_meta`). Every query term also matches the
words it begins (运 finds 运维), so the browser must load every chunk holding such a word.
`rewrite_index` changes five things, each measured in docs/performance.md:

- **The locations** (`once_per_section`): a word keeps one location per record (a section of
  a group document, generator/site/searchindex.py), the heaviest. A query fetches every
  location of each of its words; the box needs to know only which records hold a word, how
  heavy (a title outweighs a cell) and one place to show. Nothing it shows is lost: the box
  never asks Pagefind for an exact phrase, the only search that reads every location.

- **The chunks and their ranges** (`chunk_words`, `chunk_range`): Pagefind's chunk choice
  (`request_indexes` in pagefind_web/src/lib.rs) takes the chunks whose range holds the term
  ("strict") and, only when there is none, the chunks whose range could hold a word beginning
  with it ("loose"). Pagefind cuts its chunks wherever a count runs over and names them by
  beginnings of their first and last words, so when a term ended one chunk and the words it
  begins started the next (运 | 运维), the strict match won and the next chunk was never
  loaded: on 10,000 synthetic records 运维 missed 3 of the 2,538 records grep finds; and a
  heavy word shared its chunk with unrelated light ones, fetched by every term reaching them.
  The chunks are cut again along the words' common beginnings, heavy words alone, and named
  so that the choice loads exactly the chunks holding words a term begins (tested against a
  model of the choice, with random words).
- **The query** (`QUERY_SEGMENTATION`): Pagefind's JavaScript segments a Chinese query into
  words itself; the search box (theme/javascripts/search.js, `searchTerms`) does it instead,
  asking for the pair of characters where Pagefind's segmentation leaves one character before
  another Chinese word (运 / 维 → 运维), or ends the query after a longer word (示例 / 市 →
  示例 例市). Pagefind indexes every such pair across the record's own word boundaries, so the
  pair finds what the single character found at that place, without fetching every word the
  character begins.
- **The pairs Pagefind does not index** (`joined_pairs`, `with_joined_pairs`): where a number
  or a Latin word meets a Chinese word with nothing between (2023 | 年), the pair of the two
  characters (3年) is added, so the box can ask 2023年 as 2023 3年 (年 alone fetched 年, 年度,
  … at 50,000 records: 96 KiB).

The files get new names (their SHA-256) and `pagefind-entry.json` points to the new metadata,
so no browser keeps an old one.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"
"""What Pagefind's files start with once unzipped, before their CBOR."""
ENTRY = "pagefind-entry.json"


class UnexpectedIndex(Exception):
    """The index is not laid out as Pagefind 1.6.0 writes it."""


BIG_WORD = 8_000
"""A word whose entry (its pages and locations, CBOR bytes) weighs this much has a chunk alone."""
CHUNK = 40_000
"""The CBOR bytes a chunk of lighter words holds at most (unless one word weighs more)."""


def chunk_words(words: Sequence[Any], big: int = BIG_WORD, size: int = CHUNK) -> list[list[Any]]:
    """Cut the sorted word entries into chunks along their common beginnings.

    Every chunk is either all the words beginning with some prefix p, or a run of the blocks
    of p's words that begin with p + one character (the word p itself going first), a block
    too heavy for a chunk being cut the same way one character deeper. So wherever a chunk ends
    and the next begins, the first word of the one before begins with the common beginning of
    the two words on each side of the cut; with the ranges of `chunk_range`, Pagefind's choice
    then loads for a term exactly the chunks holding words it begins (one other at most when
    it begins none): `tests/web/test_pagefind_chunks.py` checks this on random words against
    a model of the choice. A word of `big` CBOR bytes or more has a chunk alone: Pagefind cuts
    wherever a count runs over, so a heavy word shared its chunk with unrelated light ones and
    every term reaching one of them fetched it (at 50,000 records 量指, a pair across
    数量 | 指标 of 103,000 locations, ended the chunk of 运行, 运输, …)."""
    keys = [word[0] for word in words]
    weights = [len(cbor2.dumps(word)) for word in words]
    spans: list[tuple[int, int]] = []  # the chunks, as [start, end) of `words`
    open_weight = -1  # the weight of the last chunk while lighter blocks may join it, else -1

    def add(start: int, end: int) -> None:
        """Add the block of words [start, end), cutting it deeper when it must be."""
        nonlocal open_weight
        weight = sum(weights[start:end])
        heavy = any(w >= big for w in weights[start:end])
        if end - start == 1 or (weight <= size and not heavy):
            if open_weight >= 0 and open_weight + weight <= size and not heavy:
                spans[-1] = (spans[-1][0], end)
                open_weight += weight
            else:
                spans.append((start, end))
                open_weight = -1 if heavy else weight
            return
        # Cut deeper: a chunk begun before this block must not run into it, since the cuts
        # inside it need chunks that begin in it.
        open_weight = -1
        depth = len(os.path.commonprefix([keys[start], keys[end - 1]]))
        at = start
        if len(keys[at]) == depth:  # the word that is the block's prefix goes first
            add(at, at + 1)
            at += 1
        while at < end:
            following = at + 1
            while following < end and keys[following][depth] == keys[at][depth]:
                following += 1
            add(at, following)
            at = following

    at = 0
    while at < len(words):  # the top-level blocks: one per first character
        following = at + 1
        while following < len(words) and keys[following][:1] == keys[at][:1]:
            following += 1
        add(at, following)
        at = following
    return [list(words[start:end]) for start, end in spans]


def chunk_range(chunk: Sequence[Any]) -> tuple[str, str]:
    """Return the (from, to) a chunk is named by in the metadata: its first and its last word,
    each followed by U+0000.

    Pagefind's choice (`request_indexes`) takes the chunks whose range holds the term
    ("strict"), else those whose range, cut to the term's length, could hold it ("loose"). A
    word followed by U+0000 is the least string after it: a chunk then holds strictly only the
    terms after its first word up to its last, and holds every word they begin (`chunk_words`);
    a term that is a chunk's first word, or begins words in several chunks, is chosen loosely,
    which loads every chunk holding a word it begins, and not the chunk whose last word is a
    beginning of the term. (Pagefind's own `from`, a beginning of the first word, held such a
    term strictly in one chunk, and the next chunks were never loaded: on 10,000 records 3 of
    the 2,538 records grep finds for 运维.)"""
    return chunk[0][0] + "\u0000", chunk[-1][0] + "\u0000"


DEFAULT_WEIGHT = 25
"""The weight Pagefind's packing starts from (a location of another weight starts a run)."""


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


JOINED_WEIGHT = 24
"""The weight Pagefind gives a word of body text (1 × its multiplier 24), given to a joined pair."""
HAN_RANGES = ((0x2E80, 0x2FDF), (0x3005, 0x3005), (0x3007, 0x3007), (0x3021, 0x3029),
              (0x3038, 0x303B), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
              (0x16FE2, 0x16FE3), (0x16FF0, 0x16FF6), (0x20000, 0x3347F))
"""Chinese characters: the CJK ideograph blocks and their extensions, radicals, 々 〇 and the
Hangzhou numerals. Every character the box's `\\p{Script=Han}` takes in chromium
(Unicode 17) is in them, with a few unassigned code points between (the test checks it)."""
_JOIN = re.compile("([0-9A-Za-z])\u200b([" + "".join(
    f"{chr(low)}-{chr(high)}" for low, high in HAN_RANGES) + "])")
"""A word's last character, ASCII letter or digit, the separator, a Chinese character."""


def joined_pairs(content: str) -> list[tuple[str, int]]:
    """Return (pair, position) for each place in a page where a word ending in an ASCII letter
    or digit is followed, with nothing between, by a word beginning with a Chinese character:
    the pair is that letter or digit (lower case) and that character, at the first word's
    position (2023 | 年度 → 3年).

    Pagefind indexes the pair of characters across each boundary between two Chinese words
    (示例 | 市 → 例市, at the position of 示例), and no pair where a number or a Latin word
    meets a Chinese one, so a query such as 2023年 asked for 年 alone, which fetches every word
    年 begins (年, 年度, …: at 50,000 records ≈ 96 KiB); the search box asks for 3年 instead
    (theme/javascripts/search.js, `searchTerms`). `content` is the page's text as its fragment
    holds it: Pagefind's words separated by U+200B, one position each, a word followed by a
    space where the page's text had one (no pair is made across a space)."""
    out = []
    position = at = 0  # the position of the word ending at `at` (separators before it)
    for match in _JOIN.finditer(content):
        position += content.count("\u200b", at, match.start())
        at = match.start()
        out.append((match[1].lower() + match[2], position))
    return out


def with_joined_pairs(words: list[Any], joined: dict[str, dict[int, list[int]]],
                      sections: Sequence[Sequence[int]]) -> list[Any]:
    """Return the word entries, sorted, with the pairs of `joined_pairs` (pair → page → its
    positions there) added, one location per section; a pair Pagefind indexed already as a word
    of the page keeps that word's locations too. Adding the same pairs again changes nothing."""
    by_word = {word[0]: word for word in words}
    for pair, pages in joined.items():
        located: dict[int, list[Any]] = {}
        held = by_word.get(pair)
        number = 0
        for page in held[1] if held is not None else ():
            number += page[0]
            located[number] = [decode_locations(page[1]), *page[2:]]
        for number, positions in pages.items():
            entry = located.setdefault(number, [[], []])
            entry[0] = sorted(set(entry[0]) | {(position, JOINED_WEIGHT) for position in positions})
        listed, last = [], 0
        for number in sorted(located):
            locations, *rest = located[number]
            listed.append([number - last, encode_locations(locations), *rest])
            last = number
        by_word[pair] = once_per_section([pair, listed, *(held[2:] if held is not None else [[]])],
                                         sections)
    return [by_word[word] for word in sorted(by_word)]


QUERY_SEGMENTATION = (b'return["zh","ja","th"].includes(primaryLang);',
                      b'return["ja","th"].includes(primaryLang);')
"""Pagefind's JavaScript segments a Chinese query itself (`needsWordSegmentation`); the search
box gives it the words already (`theme/javascripts/search.js`, `searchTerms`), so that is turned
off in the two files holding it."""
SCRIPTS = ("pagefind.js", "pagefind-worker.js")


def rewrite_index(output: Path) -> None:
    """Rewrite the Pagefind index in `output` so a query fetches only what it needs.

    Each word keeps one location per section of a page (`once_per_section`); the words are
    cut into chunks again (`chunk_words`), each file named by its SHA-256 as Pagefind names
    them, with ranges that make Pagefind's choice load exactly the chunks a term's words are
    in (`chunk_range`); the metadata file gets a new name and `pagefind-entry.json` points to it;
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
            sections: list[list[int]] = []
            joined: dict[str, dict[int, list[int]]] = {}
            for number, page in enumerate(meta[1]):
                fragment = _fragment(output, page[0])
                sections.append(sorted(anchor["location"] for anchor in fragment["anchors"]))
                for pair, position in joined_pairs(fragment["content"]):
                    joined.setdefault(pair, {}).setdefault(number, []).append(position)
            words: list[Any] = []
            for chunk in meta[2]:
                old_chunks.add(chunk[2])
                words.extend(once_per_section(word, sections)
                             for word in read(output / "index" / f"{chunk[2]}.pf_index")[0])
            if len({word[0] for word in words}) != len(words):
                raise ValueError("同一个词出现在两个分块中")
            words = with_joined_pairs(words, joined, sections)
            listed = []
            for chunk in chunk_words(words):
                first, last = chunk_range(chunk)
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
    return json.loads(_unzipped(output / "fragment" / f"{name}.pf_fragment"))


def read(path: Path) -> Any:
    """Return the CBOR of one of Pagefind's gzipped files."""
    return cbor2.loads(_unzipped(path))


def _unzipped(path: Path) -> bytes:
    """Return what follows the signature in one of Pagefind's gzipped files."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path.name} 不以 {SIGNATURE.decode()} 开头")
    return raw[len(SIGNATURE):]


def write(value: Any) -> bytes:
    """Return `value` as Pagefind writes its files: signature, CBOR, gzip (no time stamp)."""
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)
