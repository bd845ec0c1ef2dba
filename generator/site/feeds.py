"""Atom 1.0 feeds (RFC 4287) of new and corrected records, for the whole site and per department.

Deterministic: every date comes from git, never from the clock, and entries are ordered newest
first with a stable tie-break, so the same history gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from generator.ledger.events import Event, events, summary
from generator.model.names import name_key
from generator.site.htmlsafe import clean
from generator.site.ledgerview import ledger_items
from generator.site.sitedata import SiteModel, department_label

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 100
"""Newest entries kept in one feed: readers poll it, so it stays small at thousands of records."""
ET.register_namespace("", ATOM)  # Atom as the default namespace: `<feed xmlns=…>`, no prefixes
_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
EPOCH = "1970-01-01T00:00:00Z"
"""`updated` of a feed without entries (Atom requires one; the clock would break determinism)."""


@dataclass(frozen=True)
class FeedInfo:
    """What names one feed."""

    title: str
    path: str
    """Site path of the feed file, e.g. `feed.xml`."""
    page: str
    """Site path of the page the feed belongs to, e.g. `` (home) or `departments/x/`."""
    author: str


def atom_feed(info: FeedInfo, site_url: str, found: Sequence[Event]) -> bytes:
    """Return the feed document for the given events (newest first), as UTF-8 XML."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    chosen = list(found)[:FEED_LIMIT]
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    _text(feed, "id", base + info.path)
    _text(feed, "title", info.title)
    _text(feed, "updated", chosen[0].revision.timestamp if chosen else EPOCH)
    _link(feed, base + info.path, "self", "application/atom+xml")
    _link(feed, base + info.page, "alternate", "text/html")
    _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", info.author or info.title)
    for event in chosen:
        _entry(feed, event, base)
    ET.indent(feed)
    return (_DECLARATION + ET.tostring(feed, encoding="unicode") + "\n").encode("utf-8")


def site_feeds(model: SiteModel) -> dict[str, bytes]:
    """Return `feed.xml` (whole site) and `departments/<slug>/feed.xml`, keyed by docs path."""
    site = model.config
    every = events(ledger_items(model.entries))
    author = site.publisher or site.title
    files = {"feed.xml": atom_feed(FeedInfo(f"{site.title}：新发布和更正", "feed.xml", "", author),
                                   site.site_url, every)}
    by_department: dict[str, list[Event]] = {}
    for event in every:  # newest first, and so stays each department's list
        by_department.setdefault(name_key(event.item.department), []).append(event)
    for dept in model.departments:
        info = FeedInfo(f"{dept.label}：新发布和更正", dept.url + "feed.xml", dept.url, dept.label)
        files[info.path] = atom_feed(info, site.site_url, by_department.get(name_key(dept.name), []))
    return files


def _entry(feed: ET.Element, event: Event, base: str) -> None:
    item, revision = event.item, event.revision
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    if event.amendment is None:
        anchor, title = "", f"新发布：{item.title}"
        text = f"{department_label(item.department)}公开了“{item.title}”的绩效自评表。"
    else:
        anchor, title = f"#correction-{revision.short}", f"更正：{item.title}"
        text = summary(event.amendment)
    _text(entry, "id", f"{base}{item.url}{anchor or '#published'}")
    _text(entry, "title", title)
    _text(entry, "updated", revision.timestamp)
    _text(entry, "published", revision.timestamp)
    _link(entry, base + item.url + anchor, "alternate", "text/html")
    ET.SubElement(entry, f"{{{ATOM}}}category", {"term": item.department})
    _content(entry, text)


def _text(parent: ET.Element, name: str, text: str) -> None:
    # Control characters are not allowed in XML 1.0: a title carrying one must not break the feed.
    ET.SubElement(parent, f"{{{ATOM}}}{name}").text = clean(text)


def _content(parent: ET.Element, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}content", {"type": "text"}).text = clean(text)


def _link(parent: ET.Element, href: str, rel: str, kind: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"href": href, "rel": rel, "type": kind})

