"""Every index chunk a search term needs is loaded (generator/site/pagefindmeta.py, issue 16).

Pagefind 1.6.0 chooses the chunks of a term "strictly" (the chunks whose range holds it) and,
only when none does, "loosely" (the chunks whose range could hold a word beginning with it).
`choose` below is that choice, as pagefind_web/src/lib.rs `request_indexes` makes it (1.6.0:
strict, else loose; Rust compares strings by UTF-8 bytes, which orders as code points, as
Python does). The real index and the real browser are checked too, on a site whose chunk
boundary falls between "doc" and "docker".
"""

from __future__ import annotations

import gzip
import itertools
import json
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cbor2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site.pagefindmeta import (
    ENTRY,
    QUERY_SEGMENTATION,
    SCRIPTS,
    UnexpectedIndex,
    chunk_range,
    chunk_words,
    decode_locations,
    encode_locations,
    joined_pairs,
    once_per_section,
    read,
    rewrite_index,
    with_joined_pairs,
)
from generator.site.searchindex import pagefind_command
from tests.conftest import pinned_pagefind


def choose(term: str, ranges: Sequence[tuple[str, str]]) -> set[int]:
    """Return the chunks Pagefind 1.6.0 loads for one term, given each chunk's (from, to)."""
    strict = {i for i, (low, high) in enumerate(ranges) if low <= term <= high}
    if strict:
        return strict
    loose = set()
    for i, (low, high) in enumerate(ranges):
        low_count, high_count = min(len(term), len(low)), min(len(term), len(high))
        if term[:low_count] >= low[:low_count] and term[:high_count] <= high[:high_count]:
            loose.add(i)
    return loose


def needed(term: str, chunks: Sequence[Sequence[str]]) -> set[int]:
    """Return the chunks holding a word that begins with `term` (all a search of it needs)."""
    return {i for i, words in enumerate(chunks) if any(word.startswith(term) for word in words)}


def _entry(word: str, locations: int) -> list[Any]:
    """A word entry as Pagefind packs it: one page, `locations` locations one word apart."""
    return [word, [[0, [-25, 0, *[1] * (locations - 1)] if locations else [], []]], []]


def _ranges(chunks: Sequence[Sequence[Any]]) -> list[tuple[str, str]]:
    return [chunk_range(chunk) for chunk in chunks]


def _words(chunks: Sequence[Sequence[Any]]) -> list[list[str]]:
    return [[word[0] for word in chunk] for chunk in chunks]


def test_pagefinds_own_ranges_lose_the_next_chunk_and_ours_do_not() -> None:
    pagefind = [("达到", "运"), ("运维", "量指")]  # as measured on 10,000 records
    assert choose("运", pagefind) == {0}  # chunk 1 holds 运维: its records are not found
    words = [_entry(w, n) for w, n in (("达到", 50), ("运", 50), ("运维", 50), ("运输", 50),
                                       ("量指", 5_000))]
    ours = chunk_words(words, big=4_000, size=200)
    assert _words(ours) == [["达到"], ["运", "运维", "运输"], ["量指"]]  # 量指 alone, heavy
    ranges = _ranges(ours)
    assert choose("运", ranges) == {1} == needed("运", _words(ours))
    assert choose("运维", ranges) == {1}
    assert choose("量", ranges) == {2}  # loose: 量指 begins with it


_WORDS = st.lists(st.tuples(st.text(alphabet="ab运维1", min_size=1, max_size=5), st.integers(0, 60)),
                  min_size=1, max_size=60, unique_by=lambda entry: entry[0])


@settings(max_examples=500, deadline=None)
@given(_WORDS, st.integers(20, 400), st.integers(40, 800),
       st.lists(st.text(alphabet="ab运维1", min_size=1, max_size=5), max_size=8))
def test_a_term_loads_exactly_the_chunks_holding_words_it_begins(
        entries: list[tuple[str, int]], big: int, size: int, others: list[str]) -> None:
    words = sorted((_entry(word, n) for word, n in entries), key=lambda w: w[0])
    chunks = chunk_words(words, big, size)
    assert [w for chunk in chunks for w in chunk] == words  # in order, each once
    for chunk in chunks:  # a heavy word alone, the others up to `size`
        weights = [len(cbor2.dumps(w)) for w in chunk]
        assert len(chunk) == 1 or (sum(weights) <= size and max(weights) < big), (chunk, big, size)
    names, ranges = _words(chunks), _ranges(chunks)
    terms = {w[:n] for chunk in names for w in chunk for n in range(1, len(w) + 1)} | set(others)
    for term in terms:
        loaded, wanted = choose(term, ranges), needed(term, names)
        if wanted:
            assert loaded == wanted, (term, names, ranges)
        else:  # a term no word begins: the chunk where it would be, at most
            assert len(loaded) <= 1, (term, names, ranges)


# The real Pagefind: a site whose chunk boundary falls between "doc" and "docker" (Pagefind
# closes a chunk once its words hold 20,000 locations and pages: 19,991 + 1 for "aaa", 8 + 1
# for "doc"), searched for "doc".


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a site indexed by the pinned Pagefind, chunk ranges as Pagefind wrote them."""
    binary = pinned_pagefind()
    site = tmp_path_factory.mktemp("split") / "site"
    pages = {"a": "<p>" + "aaa " * 19_991 + "doc " * 8 + "</p>", "b": "<p>docker</p>",
             # two records of a group document: "ops" four times, in two sections
             "c": '<h2 id="r1">ops</h2><p>ops ops</p><h2 id="r2">zone</h2><p>ops</p>'}
    for name, text in pages.items():
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(
            f'<html lang="zh"><body><article>{text}</article></body></html>', encoding="utf-8")
    result = subprocess.run(pagefind_command(binary, site, site / "pagefind"),
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def _meta(output: Path) -> tuple[str, Any]:
    entry = json.loads((output / ENTRY).read_text(encoding="utf-8"))
    name = entry["languages"]["zh"]["hash"]
    return name, read(output / f"pagefind.{name}.pf_meta")


def _rewritten(split_site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(split_site, copy)
    rewrite_index(copy / "pagefind")
    return copy


def _chunks(output: Path, meta: Any) -> list[list[Any]]:
    return [read(output / "index" / f"{name}.pf_index")[0] for _, _, name in meta[2]]


def test_the_real_index_loads_every_chunk_a_term_needs_once_rewritten(split_site: Path,
                                                                       tmp_path: Path) -> None:
    before_name, before = _meta(split_site / "pagefind")
    ranges = [(low, high) for low, high, _ in before[2]]
    assert len(ranges) == 2 and ranges[0][1] == "doc"  # the boundary the test is about
    assert choose("doc", ranges) == {0}  # Pagefind's own ranges: "docker" is never loaded
    site = _rewritten(split_site, tmp_path)
    output = site / "pagefind"
    name, after = _meta(output)
    assert name != before_name and not (output / f"pagefind.{before_name}.pf_meta").exists()
    chunks = _chunks(output, after)
    words = [[w[0] for w in chunk] for chunk in chunks]
    ranges = [(low, high) for low, high, _ in after[2]]
    for term in {w[:n] for chunk in words for w in chunk for n in range(1, len(w) + 1)}:
        assert needed(term, words) <= choose(term, ranges), term
    assert [w for chunk in words for w in chunk] == sorted(  # every word, in order, once
        w[0] for chunk in _chunks(split_site / "pagefind", before) for w in chunk)
    assert sorted(p.name for p in (output / "index").iterdir()) == sorted(
        f"{n}.pf_index" for _, _, n in after[2])  # Pagefind's own chunks are gone
    assert after[1] == before[1] and after[3:] == before[3:]  # pages, filters and sorts as they were
    files = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    rewrite_index(output)  # again: the same bytes under the same names
    assert {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()} == files


def test_pagefinds_query_segmentation_is_turned_off_once(split_site: Path, tmp_path: Path) -> None:
    for name in SCRIPTS:
        assert (split_site / "pagefind" / name).read_bytes().count(QUERY_SEGMENTATION[0]) == 1
    site = _rewritten(split_site, tmp_path)
    for name in SCRIPTS:
        text = (site / "pagefind" / name).read_bytes()
        assert QUERY_SEGMENTATION[0] not in text and text.count(QUERY_SEGMENTATION[1]) == 1


def test_a_script_without_the_switch_is_refused_and_nothing_is_changed(split_site: Path,
                                                                      tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(split_site, copy)
    output = copy / "pagefind"
    worker = output / "pagefind-worker.js"
    worker.write_bytes(worker.read_bytes().replace(QUERY_SEGMENTATION[0], b"return false;"))
    files = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    with pytest.raises(UnexpectedIndex, match=r"pagefind-worker\.js"):
        rewrite_index(output)
    assert {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()} == files


def test_an_index_not_as_pagefind_writes_it_is_refused_and_left_alone(tmp_path: Path) -> None:
    output = tmp_path / "pagefind"
    output.mkdir()
    (output / ENTRY).write_text('{"version":"1.6.0","languages":{"zh":{"hash":"zh_0"}}}',
                                encoding="utf-8")
    (output / "pagefind.zh_0.pf_meta").write_bytes(b"not gzip")
    with pytest.raises(UnexpectedIndex, match=r"1\.6\.0"):
        rewrite_index(output)
    assert (output / "pagefind.zh_0.pf_meta").read_bytes() == b"not gzip"


@pytest.mark.browser
def test_the_browser_finds_the_page_in_the_next_chunk(split_site: Path, tmp_path: Path,
                                                     browser: Any) -> None:
    from tests.browser.conftest import serve

    found = {}
    for label, site in (("as written", split_site), ("rewritten", _rewritten(split_site, tmp_path))):
        with serve(site) as url:
            page = browser.new_page()
            page.goto(url)
            found[label] = page.evaluate("""async () => {
                const pagefind = await import("./pagefind/pagefind.js");
                const search = await pagefind.search("doc");
                return (await Promise.all(search.results.map((r) => r.data()))).map((d) => d.url).sort();
            }""")
            page.close()
    assert found == {"as written": ["/a/"], "rewritten": ["/a/", "/b/"]}


# One location per record: Pagefind's packing of locations, read and written back.

_LOCATED = st.lists(st.tuples(st.integers(0, 5_000), st.sampled_from([24, 25, 48, 72, 0])),
                    max_size=40, unique_by=lambda located: located[0])


@settings(max_examples=300, deadline=None)
@given(_LOCATED)
def test_locations_are_packed_as_pagefind_packs_them(located: list[tuple[int, int]]) -> None:
    packed = encode_locations(located)
    assert sorted(decode_locations(packed)) == sorted(located)
    assert encode_locations(decode_locations(packed)) == packed


@settings(max_examples=300, deadline=None)
@given(_LOCATED, st.sets(st.integers(1, 5_000), max_size=8))
def test_each_section_keeps_its_heaviest_first_location(located: list[tuple[int, int]],
                                                        starts: set[int]) -> None:
    sections = [sorted(starts)]
    word = ["运维", [[0, encode_locations(located), []]], []]
    kept = decode_locations(once_per_section(word, sections)[1][0][1])

    def section(position: int) -> int:
        return sum(1 for start in sections[0] if start <= position)

    assert sorted({section(p) for p, _ in kept}) == sorted({section(p) for p, _ in located})
    assert len(kept) == len({section(p) for p, _ in kept})  # one each
    for position, weight in kept:
        same = [(p, w) for p, w in located if section(p) == section(position)]
        heaviest = max(w for _, w in same)
        assert (position, weight) == min((p, w) for p, w in same if w == heaviest)


def test_the_real_index_keeps_every_page_and_record_of_every_word(split_site: Path,
                                                                    tmp_path: Path) -> None:
    _, before = _meta(split_site / "pagefind")
    for chunk in _chunks(split_site / "pagefind", before):  # Pagefind's packing, read back
        for word in chunk:
            for page in word[1]:
                assert encode_locations(decode_locations(page[1])) == page[1]
    site = _rewritten(split_site, tmp_path)
    _, after = _meta(site / "pagefind")

    def pages(meta: Any, output: Path) -> dict[str, list[tuple[int, int]]]:
        out = {}
        for chunk in _chunks(output, meta):
            for word in chunk:
                numbers = list(itertools.accumulate(page[0] for page in word[1]))
                out[word[0]] = [(n, len(decode_locations(p[1])))
                                for n, p in zip(numbers, word[1], strict=True)]
        return out

    was, now = pages(before, split_site / "pagefind"), pages(after, site / "pagefind")
    assert {w: [n for n, _ in p] for w, p in was.items()} == {w: [n for n, _ in p] for w, p in now.items()}
    assert [n for _, n in was["aaa"]] == [19_991] and [n for _, n in now["aaa"]] == [1]  # no anchors
    assert [n for _, n in was["ops"]] == [4] and [n for _, n in now["ops"]] == [2]  # r1 and r2
    ops = next(w for chunk in _chunks(site / "pagefind", after) for w in chunk if w[0] == "ops")
    weights = sorted(weight for _, weight in decode_locations(ops[1][0][1]))
    assert weights[0] < weights[1]  # r1 kept its heading (heavier), r2 its paragraph


# The pairs Pagefind does not index: a number or a Latin word meeting a Chinese word.


def test_a_pair_is_joined_where_a_number_or_latin_word_meets_a_chinese_one() -> None:
    z = "\u200b"
    assert joined_pairs(z.join(["2023", "年度", "预算", "."])) == [("3年", 0)]
    assert joined_pairs(z.join(["示例", "市", "A", "级", "项目", "5G", "基站"])) == [
        ("a级", 2), ("g基", 5)]  # lower case, as Pagefind and the box ask
    assert joined_pairs(z.join(["2023 ", "年"])) == []  # a space between: no pair
    assert joined_pairs(z.join(["2023", "，", "年"])) == []  # punctuation between
    assert joined_pairs(z.join(["示例", "市"])) == []  # Pagefind indexes that pair itself
    assert joined_pairs(z.join(["年", "2023"])) == [] and joined_pairs("") == []
    assert joined_pairs(z.join(["ｘ", "光"])) == []  # only an ASCII letter or digit


_HAN = ("年", "市", "々", "〇", "⺀", "\U00020000", "\U000323AF", "\uF900", "\U00016FF0")
"""Chinese characters (Unicode's Han script), from the blocks' edges; the others below are not."""
_OTHER = ("2", "x", "Q", "z", "0", " ", "，", ".", "_", "ｘ", "é", "\u3041", "\u3006", "\uA000")


def _pairs_by_splitting(content: str) -> list[tuple[str, int]]:
    """`joined_pairs` written plainly: the page's words, and each meeting of two of them."""
    words = content.split("\u200b")
    return [(word[-1].lower() + following[0], position)
            for position, (word, following) in enumerate(itertools.pairwise(words))
            if word and word[-1].isascii() and word[-1].isalnum() and following
            and following[0] in _HAN]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(st.sampled_from(_HAN + _OTHER), max_size=4), max_size=12))
def test_joined_pairs_are_every_meeting_of_the_pages_words(words: list[str]) -> None:
    content = "\u200b".join(words)
    assert joined_pairs(content) == _pairs_by_splitting(content)


def test_joined_pairs_are_added_merged_and_added_once() -> None:
    sections = [[0, 10], [0]]
    held = ["3年", [[1, encode_locations([(4, 48)]), []]], []]  # a word Pagefind indexed on page 1
    other = ["年", [[0, encode_locations([(1, 24)]), []]], []]
    joined = {"3年": {0: [2, 12, 13]}, "a级": {1: [7]}}
    words = with_joined_pairs([other, held], joined, sections)
    assert [w[0] for w in words] == ["3年", "a级", "年"]  # sorted, as chunk_words needs
    pair = words[0]
    assert [page[0] for page in pair[1]] == [0, 1]  # page 0 added before page 1, kept
    assert sorted(decode_locations(pair[1][0][1])) == [(2, 24), (12, 24)]  # one per section
    assert decode_locations(pair[1][1][1]) == [(4, 48)]  # the heavier location Pagefind gave
    assert words[2] == other
    assert with_joined_pairs(words, joined, sections) == words  # again: nothing changes


@pytest.fixture(scope="module")
def joined_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a site of numbers and Latin words meeting Chinese ones, indexed and rewritten."""
    site = tmp_path_factory.mktemp("joined") / "site"
    for name, text in JOINED_TEXTS.items():
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(
            f'<html lang="zh"><body><article><p>{text}</p></article></body></html>',
            encoding="utf-8")
    result = subprocess.run(pagefind_command(pinned_pagefind(), site, site / "pagefind"),
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    rewrite_index(site / "pagefind")
    return site


JOINED_TEXTS = {"a": "2023年度预算执行", "b": "2023 年度", "c": "2023，年度", "d": "第12023年",
                "e": "A级项目", "f": "示例市2023年", "g": "年度2023"}


def test_the_real_index_holds_each_joined_pair_where_grep_finds_it(joined_site: Path) -> None:
    output = joined_site / "pagefind"
    _, meta = _meta(output)
    urls = [json.loads(gzip.decompress((output / "fragment" / f"{page[0]}.pf_fragment")
                                       .read_bytes())[len(b"pagefind_dcd"):])["url"]
            for page in meta[1]]
    pages: dict[str, set[str]] = {}
    for chunk in _chunks(output, meta):
        for word in chunk:
            number = 0
            for page in word[1]:
                number += page[0]
                pages.setdefault(word[0], set()).add(urls[number].strip("/"))
    assert pages["3年"] == {"a", "d", "f"}  # where "3年" is in the text, and only there
    assert pages["a级"] == {"e"}
    assert pages["2023"] >= {"a", "b", "c", "f", "g"}
    files = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    rewrite_index(output)  # again: the same bytes under the same names
    assert {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()} == files
