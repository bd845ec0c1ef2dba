"""Ledger events, correction rows and Atom feeds from a temporary repository's history."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from generator.ledger.events import LedgerItem, correction_rows, events, record_rows
from generator.ledger.record_ledger import read_histories
from generator.site.feeds import ATOM, EPOCH, FeedInfo, atom_feed
from tests.ledgerrepo import OTHER, RECORD, SCORE_REASON, TITLE_REASON, full_history

DEPT = "昌吉回族自治州能源安全监测中心"
OPS = "records/2021/2021-cj-coal-network-ops/"
SAVING = "records/2021/2021-cj-energy-saving-service/"
NEW_TITLE = "昌吉州煤矿安全综合联网监控系统运维经费"
OLD_TITLE = "昌吉州煤矿安全综合联网监控系统运维工作经费"


def items(repo: Path) -> list[LedgerItem]:
    found = read_histories([repo / RECORD, repo / OTHER])
    return [LedgerItem("2021-cj-coal-network-ops", NEW_TITLE, DEPT, OPS, found[repo / RECORD]),
            LedgerItem("2021-cj-energy-saving-service", "政府购买节能工作督促指导社会化服务", DEPT,
                       SAVING, found[repo / OTHER])]


def test_events_newest_first(tmp_path: Path) -> None:
    c0, c1, c2, _ = full_history(tmp_path)
    assert [(e.kind, e.item.record_id, e.revision.commit) for e in events(items(tmp_path))] == [
        ("corrected", "2021-cj-coal-network-ops", c2),
        ("corrected", "2021-cj-coal-network-ops", c1),
        ("published", "2021-cj-energy-saving-service", c0),
        ("published", "2021-cj-coal-network-ops", c0),
    ]


def test_correction_rows(tmp_path: Path) -> None:
    _, c1, c2, _ = full_history(tmp_path)
    expected = [
        ("2022-11-01", c2, "项目名称", "title", OLD_TITLE, NEW_TITLE, TITLE_REASON),
        ("2022-10-05", c1, "指标“综合监控联网平台升级”得分", "indicators[0].score", "10", "5",
         SCORE_REASON),
        ("2022-10-05", c1, "总分", "total.score", "98.56", "93.56", SCORE_REASON),
    ]
    every = items(tmp_path)
    for rows in (correction_rows(every), record_rows(every[0])):
        assert [(r.date, r.revision.commit, r.label, r.pointer, r.old, r.new, r.reason)
                for r in rows] == expected
    assert record_rows(every[1]) == []


def test_site_feed_exactly(tmp_path: Path) -> None:
    c0, c1, c2, _ = full_history(tmp_path)
    info = FeedInfo("项目支出绩效自评公开：新发布和更正", "feed.xml", "", DEPT)
    text = atom_feed(info, "https://jx.example.org", events(items(tmp_path))).decode("utf-8")
    base = "https://jx.example.org/"

    def entry(anchor: str, title: str, stamp: str, summary: str, link: str) -> str:
        return f"""  <entry>
    <id>{base}{anchor}</id>
    <title>{title}</title>
    <updated>{stamp}</updated>
    <published>{stamp}</published>
    <link href="{base}{link}" rel="alternate" type="text/html" />
    <category term="{DEPT}" />
    <content type="text">{summary}</content>
  </entry>
"""

    assert text == (
        f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <id>{base}feed.xml</id>
  <title>项目支出绩效自评公开：新发布和更正</title>
  <updated>2022-11-01T18:00:00+08:00</updated>
  <link href="{base}feed.xml" rel="self" type="application/atom+xml" />
  <link href="{base}" rel="alternate" type="text/html" />
  <author>
    <name>{DEPT}</name>
  </author>
"""
        + entry(f"{OPS}#correction-{c2[:7]}", f"更正：{NEW_TITLE}", "2022-11-01T18:00:00+08:00",
                f"项目名称：{OLD_TITLE} → {NEW_TITLE}。更正原因：{TITLE_REASON}",
                f"{OPS}#correction-{c2[:7]}")
        + entry(f"{OPS}#correction-{c1[:7]}", f"更正：{NEW_TITLE}", "2022-10-05T09:30:00+08:00",
                f"指标“综合监控联网平台升级”得分：10 → 5；总分：98.56 → 93.56。更正原因：{SCORE_REASON}",
                f"{OPS}#correction-{c1[:7]}")
        + entry(f"{SAVING}#published", "新发布：政府购买节能工作督促指导社会化服务",
                "2022-09-01T16:00:00+08:00", f"{DEPT}公开了“政府购买节能工作督促指导社会化服务”的绩效自评表。",
                SAVING)
        + entry(f"{OPS}#published", f"新发布：{NEW_TITLE}", "2022-09-01T16:00:00+08:00",
                f"{DEPT}公开了“{NEW_TITLE}”的绩效自评表。", OPS)
        + "</feed>\n")
    assert c0 not in text  # entries name pages, not commits


def test_feed_is_atom_with_every_required_element(tmp_path: Path) -> None:
    full_history(tmp_path)
    info = FeedInfo("部门更新", "departments/d/feed.xml", "departments/d/", "")
    root = ET.fromstring(atom_feed(info, "https://jx.example.org/", events(items(tmp_path))))
    ns = {"a": ATOM}
    assert root.tag == f"{{{ATOM}}}feed"
    for name in ("id", "title", "updated", "author/a:name"):
        assert root.find(f"a:{name}", ns) is not None, name
    assert root.findtext("a:author/a:name", namespaces=ns) == "部门更新"
    ids = [e.findtext("a:id", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert len(ids) == 4 == len(set(ids))
    for entry in root.findall("a:entry", ns):
        for name in ("id", "title", "updated", "content"):
            assert entry.findtext(f"a:{name}", namespaces=ns), name
        assert entry.find("a:link[@rel='alternate']", ns) is not None


def test_empty_feed_is_dated_from_no_clock() -> None:
    info = FeedInfo("空", "feed.xml", "", "作者")
    root = ET.fromstring(atom_feed(info, "https://jx.example.org/", []))
    assert root.findtext(f"{{{ATOM}}}updated") == EPOCH
    assert root.findall(f"{{{ATOM}}}entry") == []
