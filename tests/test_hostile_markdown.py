"""Author text in Markdown the generator writes: the `diff` report (rendered by GitHub's own
cmark-gfm, raw HTML allowed, so nothing is hidden by a sanitiser) and the site's Markdown tree.

Hostile titles, indicator names, correction reasons and file names must show as written and
never become a link, an image, a mention, an autolink, HTML or an extra table cell (issue 11).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import cmarkgfm  # type: ignore[import-untyped]
import pytest
from cmarkgfm.cmark import Options  # type: ignore[import-untyped]

from generator.cli.main import main
from generator.report.mdsafe import md_code, md_text
from tests.ledgerrepo import RECORD, commit_all, edit, git, publish

TITLE = ("[点我](javascript:alert(1)) ![i](http://evil.example/x.png) @everyone "
         "<img src=x onerror=alert(1)> a|b `x` www.evil.example *粗* &amp;")
REASON = ("见 [说明](javascript:alert(document.cookie)) @everyone <script>alert(1)</script> "
          "a|b ~~删~~ $x$ http://evil.example/r")
NAME = "数据|接口 <b>接入</b> [x](http://evil.example)"
MOVED = "content/records/2021/a`b|c @everyone.yaml"
ALLOWED_TAGS = {"h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "code", "ul", "li"}


def hostile_history(repo: Path) -> None:
    """Publish, then change title and indicator name with a hostile reason, renaming the file."""
    publish(repo)
    edit(repo, RECORD, "title: 昌吉州煤矿安全综合联网监控系统运维工作经费", f"title: '{TITLE}'")
    edit(repo, RECORD, "    name: 数据接口接入\n", f"    name: '{NAME}'\n")
    with (repo / RECORD).open("a", encoding="utf-8") as out:
        out.write(f"\ncorrections:\n  - date: 2022-10-05\n    reason: '{REASON}'\n")
    git(repo, "mv", RECORD, MOVED)
    commit_all(repo, "恶意标题", "2022-10-05T00:00:00+00:00")


def rendered_text(markup: str) -> str:
    """Return what a reader sees: tags removed, entities decoded, zero-width spaces dropped."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).replace("\u200b", "")


def test_diff_markdown_shows_hostile_text_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    hostile_history(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "HEAD~1", "HEAD", "--format", "markdown"]) == 0
    report = capsys.readouterr().out
    page = cmarkgfm.github_flavored_markdown_to_html(report, options=Options.CMARK_OPT_UNSAFE)
    assert {tag for tag in re.findall(r"</?([a-zA-Z][a-zA-Z0-9]*)", page)} <= ALLOWED_TAGS, page
    assert re.search(r"<[^>]*\s(href|src|on\w+)=", page) is None
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    assert len(rows) == 3 and all(len(re.findall(r"<t[dh]>", row)) == 3 for row in rows)
    # GitHub links mentions and bare urls in text, never inside code (where file names go)
    seen = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<code>.*?</code>", "", page)))
    assert "@everyone" not in seen and "@\u200beveryone" in seen  # no mention
    assert "http://evil" not in seen and "www.evil" not in seen  # no autolink
    text = rendered_text(page)
    for written in (TITLE, REASON, NAME, MOVED):
        assert written in text, written
    assert f"### 修改：{md_text(TITLE)}\n" in report


def test_markdown_helpers() -> None:
    assert md_text("a\n\nb\tc") == "a b c"
    assert md_text("[x](javascript:y)") == "\\[x\\](javascript:y)"
    assert md_text("98.56% 1-2 a:b") == "98.56% 1-2 a:b"  # figures read as printed
    assert md_code("a`b") == "`` a`b ``"
    assert md_code("a|b", cell=True) == "`a\\|b`"
    page = cmarkgfm.github_flavored_markdown_to_html(f"| {md_code('x`|`y', cell=True)} |\n|---|\n")
    assert "<code>x`|`y</code>" in page


def test_site_markdown_front_matter_and_feeds_keep_hostile_text_inert(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    hostile_history(tmp_path)
    # back to the id's file name, so the record builds (S104 is an error)
    git(tmp_path, "mv", MOVED, RECORD)
    commit_all(tmp_path, "改回文件名", "2022-10-06T00:00:00+00:00")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--content", "content", "--out", "build/docs"]) == 0, capsys.readouterr()
    docs = tmp_path / "build" / "docs"
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert "<img src=x" not in text and "<script>alert" not in text and "<b>接入" not in text
        front = text.split("\n---\n", 1)[0] if text.startswith("---\n") else ""
        assert "<" not in front and ">" not in front, page
    record_page = (docs / "records" / "2021" / "2021-cj-coal-network-ops.md").read_text(
        encoding="utf-8")
    assert 'title: "[点我](javascript:alert(1)) ![i](http://evil.example/x.png) @everyone ' \
           '&lt;img src=x onerror=alert(1)&gt; a|b `x` www.evil.example *粗* &amp;amp;"' \
           in record_page
    feed = ET.parse(docs / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert f"更正：{TITLE}" in titles  # an Atom text construct: shown as text by readers
    assert all(e.find("a:content", ns).get("type") == "text"  # type: ignore[union-attr]
               for e in feed.findall("a:entry", ns))
