"""Escaping of author text on its way into the generated Markdown and HTML.

Author text (titles, names, narrative, urls) is emitted only inside raw HTML blocks, HTML-escaped
here, so Markdown never interprets it: `<script>`, `[x](javascript:…)`, `{{ }}` and `{% %}` stay
text. The renderer guarantees this, never the authors (issue 4, item 4; issue 7, item 3).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from markupsafe import Markup, escape

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")
"""Control characters and Unicode line separators: never meaningful in a table cell.

Python-Markdown also uses \\x02 and \\x03 as its own placeholders, so they must never pass.
"""
_NEWLINES = re.compile(r"\r\n|\r|\n")


def clean(text: str) -> str:
    """Return the text without control characters."""
    return _CONTROL.sub("", text)


HTML_TEXT_CACHE = 16384
"""Texts whose escaped form is kept: labels, figures and names recur on many pages."""


@lru_cache(maxsize=HTML_TEXT_CACHE, typed=True)
def html_text(text: str) -> Markup:
    """Return author text as escaped HTML, line breaks as `<br>`, on one source line.

    Keeping the output on one line means no blank line can end a raw HTML block early.
    Every printed value of every page passes here (`render._finalize`), so a text seen before
    is not escaped again, and a text of one line is escaped without splitting it.
    """
    text = clean(text)
    if "\n" not in text and "\r" not in text:
        return escape(text)
    return Markup("<br>".join(escape(part) for part in _NEWLINES.split(text)))


def front_matter_string(text: str) -> str:
    """Return a YAML double-quoted scalar holding the HTML-escaped text, for `title:`.

    MkDocs and Material print `page.meta.title` into HTML unescaped (header, `<title>`, search
    index), so the value must already be HTML; `\\` and `"` are then escaped for YAML.
    """
    escaped = str(html_text(text)).replace("<br>", " ")
    return '"' + escaped.replace("\\", "\\\\").replace('"', '\\"') + '"'


@lru_cache(maxsize=4096)
def safe_href(url: str | None) -> str | None:
    """Return the url when it may be a link (http or https with a host), else None.

    `javascript:`, `data:`, relative and malformed urls are shown as text only. Cached by the
    exact text: a record page asks twice for its source's url, department pages again.
    """
    if not url or clean(url) != url or any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url
