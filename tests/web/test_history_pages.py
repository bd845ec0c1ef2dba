"""History on the pages (issue 6): record pages, the 更正记录 page and the Atom feeds, built from
temporary git repositories (publish, correct a score, correct a title, reformat only)."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.site.feeds import ATOM
from tests.conftest import CONTENT
from tests.ledgerrepo import (
    SCORE_REASON,
    TITLE_REASON,
    correct_score,
    full_history,
    git,
    publish,
    score_correction_diff,
)

OPS = "records/2021/2021-cj-coal-network-ops/"
SAVING = "records/2021/2021-cj-energy-saving-service/"
DEPT = "departments/dcfa69670de/"
SITE_URL = "http://127.0.0.1:8000/"
OLD_TITLE = "昌吉州煤矿安全综合联网监控系统运维工作经费"
NEW_TITLE = "昌吉州煤矿安全综合联网监控系统运维经费"
COMMITS = "https://git.example.org/finance/jixiao/commit/"
INDICATOR = "指标“综合监控联网平台升级”得分"
NEW_RECORD = "2021-cj-coal-expert-consultation"


def build(repo: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run `python -m generator build` in the repository, as `make site` does; return the docs."""
    monkeypatch.chdir(repo)
    assert main(["build", "--content", "content", "--out", str(out)]) == 0
    return out


def history_section(docs: Path, page: str) -> str:
    """Return the 发布与更正 section of a record page, up to the next section."""
    text = (docs / (page.rstrip("/") + ".md")).read_text(encoding="utf-8")
    return text.split("## 发布与更正 {#history}\n\n", 1)[1].split("\n## 来源 {#source}", 1)[0]


def corrections_table(docs: Path) -> str:
    """Return the 更正记录 page from its corrections block on."""
    text = (docs / "corrections" / "index.md").read_text(encoding="utf-8")
    return text[text.index('<div class="jx-corrections">'):]


def feed_entries(path: Path) -> list[tuple[str, str, str, str]]:
    """Return (title, updated, link, content) of each entry of an Atom feed."""
    ns = {"a": ATOM}
    root = ET.fromstring(path.read_bytes())
    return [(e.findtext("a:title", "", ns), e.findtext("a:updated", "", ns),
             next(link.get("href", "") for link in e.findall("a:link", ns)),
             e.findtext("a:content", "", ns)) for e in root.findall("a:entry", ns)]


def score_rows(short: str, anchor: bool, link: str = "") -> str:
    """Return the rows of the score correction as the tables show them."""
    tbody = f'<tbody id="correction-{short}">' if anchor else "<tbody>"
    record = (f'<td rowspan="2"><a href="../{OPS}#correction-{short}">{link}</a><br>'
              "昌吉回族自治州能源安全监测中心</td>") if link else ""
    return (f'{tbody}\n<tr><td rowspan="2">2022-10-05（提交 <code>{short}</code>）</td>{record}'
            f"<td>{INDICATOR}</td><td>10</td><td>5</td>"
            f'<td rowspan="2">{SCORE_REASON}</td></tr>\n'
            "<tr><td>总分</td><td>98.56</td><td>93.56</td></tr>\n</tbody>\n")


def test_done_when_one_score_correction_shows_on_page_ledger_feed_and_diff(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    c0, c1 = publish(repo), correct_score(repo)
    docs = build(repo, tmp_path / "docs", monkeypatch)
    s0, s1 = c0[:7], c1[:7]

    assert history_section(docs, OPS) == f"""<div class="jx-history">
<dl>
<dt>本站首次公开</dt><dd>2022-09-01（提交 <code>{s0}</code>）</dd>
<dt>最近更改</dt><dd>2022-10-05（提交 <code>{s1}</code>）</dd>
</dl>
</div>

### 更正记录 {{#corrections}}

<div class="jx-corrections">
<p>公开后每一次更改，最新的在前：改了哪一项、原为多少、改为多少、何时、为什么。日期为提交日期（北京时间）。</p>
<div class="jx-table-wrap" tabindex="0" role="region" aria-label="更正记录（可左右滚动）">
<table>
<thead><tr><th>日期</th><th>更正的项目</th><th>原为</th><th>更正为</th><th>更正原因</th></tr></thead>
{score_rows(s1, anchor=True)}</table>
</div>
</div>
"""
    assert corrections_table(docs) == f"""<div class="jx-corrections">
<div class="jx-table-wrap" tabindex="0" role="region" aria-label="更正记录（可左右滚动）">
<table>
<thead><tr><th>日期</th><th>项目</th><th>更正的项目</th><th>原为</th><th>更正为</th><th>更正原因</th></tr></thead>
{score_rows(s1, anchor=False, link=OLD_TITLE)}</table>
</div>
</div>
"""
    assert ('<p class="jx-corrected">公开后更改过 1 次，最近一次在 2022-10-05：见'
            '<a href="#corrections">更正记录</a>。</p>\n</div>') in (docs / (OPS.rstrip("/") + ".md")).read_text(
                encoding="utf-8")
    correction = (f"更正：{OLD_TITLE}", "2022-10-05T09:30:00+08:00", f"{SITE_URL}{OPS}#correction-{s1}",
                  f"{INDICATOR}：10 → 5；总分：98.56 → 93.56。更正原因：{SCORE_REASON}")
    for feed in (docs / "feed.xml", docs / DEPT / "feed.xml"):
        assert feed_entries(feed)[0] == correction
        assert len(feed_entries(feed)) == 3  # the correction and two first publications

    capsys.readouterr()
    assert main(["diff", "HEAD~1", "HEAD"]) == 0
    assert capsys.readouterr().out == score_correction_diff(c0, c1)


def test_full_history_with_commit_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    c0, c1, c2, _reformat = full_history(repo)
    site = repo / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace(
        "repository_url: null", "repository_url: https://git.example.org/finance/jixiao"),
        encoding="utf-8")
    docs = build(repo, tmp_path / "docs", monkeypatch)
    s0, s1, s2 = c0[:7], c1[:7], c2[:7]

    def link(full: str) -> str:
        return f'<a href="{COMMITS}{full}"><code>{full[:7]}</code></a>'

    section = history_section(docs, OPS)
    assert section.startswith(f"""<div class="jx-history">
<dl>
<dt>本站首次公开</dt><dd>2022-09-01（提交 {link(c0)}）</dd>
<dt>最近更改</dt><dd>2022-11-01（提交 {link(c2)}）</dd>
</dl>
</div>
""")
    title_rows = (f'<tbody id="correction-{s2}">\n<tr><td rowspan="1">2022-11-01（提交 {link(c2)}）'
                  f"</td><td>项目名称</td><td>{OLD_TITLE}</td><td>{NEW_TITLE}</td>"
                  f'<td rowspan="1">{TITLE_REASON}</td></tr>\n</tbody>\n')
    score = score_rows(s1, anchor=True).replace(f"<code>{s1}</code>", link(c1))
    assert f"</thead>\n{title_rows}{score}</table>" in section
    assert history_section(docs, SAVING) == f"""<div class="jx-history">
<dl>
<dt>本站首次公开</dt><dd>2022-09-01（提交 {link(c0)}）</dd>
<dt>最近更改</dt><dd>首次公开后没有更改</dd>
</dl>
</div>

### 更正记录 {{#corrections}}

<div class="jx-corrections">
<p>首次公开后没有更正。</p>
</div>
"""
    assert "公开后更改过 2 次，最近一次在 2022-11-01" in (docs / (OPS.rstrip("/") + ".md")).read_text(encoding="utf-8")
    page = corrections_table(docs)
    assert page.count("<tbody>") == 2
    assert page.index(f"#correction-{s2}") < page.index(f"#correction-{s1}")  # newest first
    assert f"#correction-{s0}" not in page
    assert [e[0] for e in feed_entries(docs / "feed.xml")] == [
        f"更正：{NEW_TITLE}", f"更正：{NEW_TITLE}", "新发布：政府购买节能工作督促指导社会化服务",
        f"新发布：{NEW_TITLE}"]


def test_shallow_clone_says_history_is_absent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    full_history(repo)
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", "shallow")
    docs = build(tmp_path / "shallow", tmp_path / "docs", monkeypatch)
    assert history_section(docs, OPS) == f"""<div class="jx-history">
<p>没有发布历史：浅克隆（shallow clone）缺少完整历史，无法读取发布历史。首次公开日期、最近更改日期和更正记录都取自记录文件的 git 提交历史。</p>
</div>

### 更正记录 {{#corrections}}

<div class="jx-corrections">
<p>没有发布历史，无法列出更正记录。</p>
<p>记录文件载明的更正说明（无法与 git 历史核对）：</p>
<ul>
<li>2022-10-05：{SCORE_REASON}</li>
<li>2022-11-01：{TITLE_REASON}</li>
</ul>
</div>
"""
    assert corrections_table(docs) == """<div class="jx-corrections">
<p>目前没有更正记录。</p>
</div>
"""
    assert "<li>2 条记录没有发布历史：浅克隆（shallow clone）缺少完整历史，无法读取发布历史。</li>" in (
        docs / "corrections" / "index.md").read_text(encoding="utf-8")
    assert feed_entries(docs / "feed.xml") == []


def test_uncommitted_record_has_no_history_yet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    publish(repo)
    shutil.copy(CONTENT / "records" / "2021" / f"{NEW_RECORD}.yaml", repo / "content" / "records" / "2021")
    docs = build(repo, tmp_path / "docs", monkeypatch)
    assert history_section(docs, f"records/2021/{NEW_RECORD}/").startswith(
        '<div class="jx-history">\n<p>没有发布历史：文件尚未提交到 git，还没有发布历史。')
    assert [e[0] for e in feed_entries(docs / "feed.xml")] == [
        "新发布：政府购买节能工作督促指导社会化服务", f"新发布：{OLD_TITLE}"]
