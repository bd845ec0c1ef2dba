"""The words the search box asks Pagefind for (theme/javascripts/search.js `searchTerms`, issue 16).

Pagefind's own segmentation of a Chinese query is turned off in its JavaScript
(generator/site/pagefindmeta.py `QUERY_SEGMENTATION`) and the box segments the query itself,
asking for the pair of characters where a single character is followed by a Chinese word, or
ends the query after one.
Checked in chromium: the terms a query becomes, and, on a site of the seed's own text indexed
twice by the pinned Pagefind (as Pagefind writes it, and rewritten), that every substring of
the text finds every page Pagefind's own search finds, and every page grep finds when the
substring is a whole text.
"""

from __future__ import annotations

import html
import itertools
import random
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from generator.site.pagefindmeta import HAN_RANGES, rewrite_index
from generator.site.searchindex import pagefind_command
from tests.conftest import CONTENT, ROOT, pinned_pagefind

pytestmark = pytest.mark.browser

SEARCH_JS = ROOT / "theme" / "javascripts" / "search.js"
_CHINESE = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff，、（）0-9A-Za-z]*")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


JOINED = ("2023年度预算", "预算2023 年度", "第12023年", "A级项目", "5G基站建设", "年度2023")
"""Numbers and Latin words meeting Chinese ones, where the rewrite joins a pair (2023 | 年 → 3年)."""

SEGMENTED_APART = ("公路养护运维经费", "信息系统运维服务", "政务信息化运维经费", "产品验收合格率达到百分之九十")
"""Titles of the bench's synthetic records and the like, segmented by ICU unlike the query in
them: 公路 / 养 / 护运 / 维 / 经费, where the query 运维 is 运 / 维."""


def _texts() -> list[str]:
    """Every run of text starting with a Chinese character in the seed's four records, and
    `SEGMENTED_APART`."""
    found = {m.group(0) for path in sorted((CONTENT / "records").rglob("*.yaml"))
             for m in _CHINESE.finditer(path.read_text(encoding="utf-8"))}
    return sorted({text for text in found if len(text) >= 2} | set(SEGMENTED_APART) | set(JOINED))


@pytest.fixture(scope="module")
def text_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A page per text, indexed into pagefind/ (rewritten) and own/ (as Pagefind writes it)."""
    binary = pinned_pagefind()
    texts = _texts()
    site = tmp_path_factory.mktemp("terms") / "site"
    for number, text in enumerate(texts):
        (site / f"p{number}").mkdir(parents=True)
        (site / f"p{number}" / "index.html").write_text(
            f'<html lang="zh"><body><article><p>{html.escape(text)}</p></article></body></html>',
            encoding="utf-8")
    (site / "index.html").write_text(
        '<html lang="zh"><body><script src="search.js"></script></body></html>', encoding="utf-8")
    shutil.copyfile(SEARCH_JS, site / "search.js")
    for output in ("pagefind", "own"):
        result = subprocess.run(pagefind_command(binary, site, site / output),
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    rewrite_index(site / "pagefind")
    return site, texts


_TERMS = "(queries) => queries.map((q) => window.jxSearchTerms(q))"


def test_a_single_character_before_a_chinese_word_is_asked_for_as_a_pair(
        text_site: tuple[Path, list[str]], browser: Any) -> None:
    from tests.browser.conftest import serve

    site, _ = text_site
    queries = ["运维", "运维 监控", "运 维", "运", "示例市水利局", "问题整改率", "项目资金",
               "2023年", "Docker 运维", "“监控系统”", "监控系统", "示例市", "示例 市",
               "2023 年", "A级"]
    with serve(site) as url:
        page = browser.new_page()
        page.goto(url)
        segmented = page.evaluate(
            "(queries) => queries.map((q) => Array.from(new Intl.Segmenter('zh', "
            "{granularity: 'word'}).segment(q)).filter((s) => s.isWordLike).map((s) => s.segment))",
            queries)
        terms = dict(zip(queries, page.evaluate(_TERMS, queries), strict=True))
        page.close()
    words = dict(zip(queries, segmented, strict=True))
    assert words["运维"] == ["运", "维"]  # what Pagefind would ask for, each fetching every 运…
    assert terms["运维"] == "运维"
    assert terms["运维 监控"] == "运维 监控"
    assert terms["运 维"] == "运 维"  # words the visitor spaced apart are never joined
    assert terms["运"] == "运"
    assert terms["2023年"] == "2023 3年"  # the pair the rewrite joins (joined_pairs)
    assert terms["2023 年"] == "2023 年" and terms["A级"] == "a a级"
    assert words["示例市"] == ["示例", "市"]
    assert terms["示例市"] == "示例 例市"  # the last character of the word before, not 市 alone
    assert terms["示例 市"] == "示例 市"
    assert terms["Docker 运维"] == "docker 运维"  # lower case, as Pagefind asks
    assert terms["“监控系统”"] == terms["监控系统"]  # punctuation dropped, as Pagefind drops it
    for query in ("示例市水利局", "问题整改率", "项目资金", "监控系统", "示例市"):
        asked = terms[query].split()
        assert all(term in query for term in asked), (query, asked)  # nothing invented
        # no single character is asked for alone where a Chinese word follows it, or where a
        # Chinese word ends just before it
        for word, following in itertools.pairwise(words[query]):
            if len(word) == 1:
                assert word not in asked and word + following[0] in asked, (query, asked)
            if len(following) == 1:
                assert following not in asked, (query, asked)


_FOUND = """async ([query, own]) => {
    const pagefind = await import(own ? "/own/pagefind.js" : "/pagefind/pagefind.js");
    const found = await pagefind.search(own ? query : window.jxSearchTerms(query));
    return (await Promise.all(found.results.map((r) => r.data()))).map((d) => d.url);
}"""


def test_the_pairs_find_every_page_pagefinds_own_search_finds(
        text_site: tuple[Path, list[str]], browser: Any) -> None:
    from tests.browser.conftest import serve

    site, texts = text_site
    runs = sorted({m.group(0) for text in texts for m in _HAN_RUN.finditer(text)})
    pieces = sorted({run[i:i + n] for run in runs for n in (2, 3, 4, 5)
                     for i in range(len(run) - n + 1)})
    queries = sorted(random.Random(16).sample(pieces, min(500, len(pieces))))
    assert len(queries) >= 400  # the seed's text is long enough to mean something
    lost_by = {"rewritten": 0, "own": 0}
    with serve(site) as url:
        pages = {own: browser.new_page() for own in (False, True)}
        for page in pages.values():
            page.goto(url)
        for query in queries:
            grep = {f"/p{n}/" for n, text in enumerate(texts) if query in text}
            rewritten = set(pages[False].evaluate(_FOUND, [query, False]))
            own = set(pages[True].evaluate(_FOUND, [query, True]))
            assert own & grep <= rewritten, (query, sorted(own & grep - rewritten))
            lost_by["rewritten"] += bool(grep - rewritten)
            lost_by["own"] += bool(grep - own)
        highway = f"/p{texts.index('公路养护运维经费')}/"
        assert highway in pages[False].evaluate(_FOUND, ["运维", False])  # 护运 | 维 holds 运维
        for text in texts:  # a whole text (a name, an indicator, a reason) is always found
            for run in _HAN_RUN.findall(text):
                grep = {f"/p{n}/" for n, other in enumerate(texts) if run in other}
                assert grep <= set(pages[False].evaluate(_FOUND, [run, False])), run
        for page in pages.values():
            page.close()
    # Where both miss a page, the substring ends inside one of the record's words (治久安 of
    # 长治久安): neither search finds a word by its middle. Never more than Pagefind's own.
    assert lost_by["rewritten"] <= lost_by["own"]


_JOINS = re.compile(r"[0-9A-Za-z]+[\u4e00-\u9fff]+")


def test_a_number_or_latin_word_before_a_chinese_character_finds_what_grep_finds(
        text_site: tuple[Path, list[str]], browser: Any) -> None:
    """Queries across a number or Latin word meeting a Chinese word (2023年, 3年, A级项): the
    box asks for the pair the rewrite joined, finds every page Pagefind's own search finds that
    grep finds, nothing that neither finds, and misses fewer of grep's pages than Pagefind's own
    search."""
    from tests.browser.conftest import serve

    site, texts = text_site
    pieces = set()
    for text in texts:
        for match in _JOINS.finditer(text):
            ascii_end = len(re.match(r"[0-9A-Za-z]+", match.group(0)).group(0))
            for start in range(max(0, ascii_end - 4), ascii_end):
                for end in range(ascii_end + 1, min(len(match.group(0)), ascii_end + 3) + 1):
                    pieces.add(match.group(0)[start:end])
    queries = sorted(pieces)
    assert {"2023年", "3年", "a级", "A级项"} & set(queries) == {"2023年", "3年", "A级项"}
    assert len(queries) >= 30
    with serve(site) as url:
        pages = {own: browser.new_page() for own in (False, True)}
        for page in pages.values():
            page.goto(url)
        joined = 0
        lost_by = {"rewritten": 0, "own": 0}
        for query in queries:
            grep = {f"/p{n}/" for n, text in enumerate(texts) if query.lower() in text.lower()}
            rewritten = set(pages[False].evaluate(_FOUND, [query, False]))
            own = set(pages[True].evaluate(_FOUND, [query, True]))
            assert own & grep <= rewritten, (query, sorted(own & grep - rewritten))
            # and nothing that neither grep nor Pagefind's own search finds
            assert rewritten <= own | grep, (query, sorted(rewritten - own - grep))
            lost_by["rewritten"] += len(grep - rewritten)
            lost_by["own"] += len(grep - own)
            joined += any(len(t) == 2 and not t[0] >= "\u4e00" for t in
                          pages[False].evaluate(_TERMS, [query])[0].split())
        joined_page, spaced_page = (f"/p{texts.index(text)}/" for text in ("2023年度预算", "预算2023 年度"))
        assert joined_page in pages[False].evaluate(_FOUND, ["2023年", False])
        # grep does not find 2023年 where a space is between, nor does the box
        assert spaced_page not in pages[False].evaluate(_FOUND, ["2023年", False])
        assert spaced_page in pages[False].evaluate(_FOUND, ["2023 年", False])
        for page in pages.values():
            page.close()
    assert joined >= 10  # the queries did go through joined pairs
    # Pagefind's own search misses 12次 for 2次 (its 2 begins no word there); the box's 2次 is
    # joined there. Both miss 12023年 for 2023年: no search finds a word by its middle.
    assert lost_by["rewritten"] < lost_by["own"], lost_by


_HAN_IN_BROWSER = """() => {
    const runs = [];
    let start = -1;
    for (let c = 0; c <= 0x110000; c++) {
        const han = c < 0x110000 && /^\\p{Script=Han}$/u.test(String.fromCodePoint(c));
        if (han && start < 0) { start = c; }
        if (!han && start >= 0) { runs.push([start, c - 1]); start = -1; }
    }
    return runs;
}"""


def test_every_character_the_box_calls_chinese_makes_a_pair_in_the_index(browser: Any) -> None:
    """The box asks for 3年 where it takes 年 for a Chinese character (`\\p{Script=Han}`); the
    rewrite must then have joined the pair wherever 2023 met 年 (`HAN_RANGES`)."""
    page = browser.new_page()
    runs = page.evaluate(_HAN_IN_BROWSER)
    page.close()
    assert len(runs) > 10 and [0x4E00, 0x9FFF] in runs
    for low, high in runs:
        assert any(a <= low and high <= b for a, b in HAN_RANGES), (hex(low), hex(high))
