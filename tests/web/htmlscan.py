"""A small HTML scanner for the built-site tests: elements with their attributes, and text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Scan:
    """Every element (tag, attributes) of a page and its text nodes."""

    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = Scan()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scan.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.scan.texts.append(data)


def scan(path: Path) -> Scan:
    """Return the scan of one HTML file."""
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.scan


def links(page: Scan) -> list[str]:
    """Return every href and src value of the page."""
    return [attrs[key] for _, attrs in page.elements for key in ("href", "src") if key in attrs]
