"""Browser fixtures: Debian chromium driven by Playwright against the site served on 127.0.0.1.

Never `playwright install`: the browser is the system's /usr/bin/chromium (.ci/run installs it).
Every request is routed: any host but the test server's is aborted and recorded, and so are
console errors and dialogs; a test that leaves any of them fails.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

# Debian chromium and its launch flags; the `browser` fixture is in tests/conftest.py (one
# Playwright for the whole session: a second sync Playwright in the same process fails).
from tests.sitebuild import session_site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return site/ built from content/ plus the hostile record, once per session."""
    return session_site(tmp_path_factory.mktemp("site-build"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port) from a thread; yield its URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


EVERY_HIT = r"""async (term) => {
    const pagefind = await import("/pagefind/pagefind.js");
    const found = await pagefind.search(window.jxSearchTerms(term));  // as the box asks
    const urls = [];
    for (const d of await Promise.all(found.results.map((r) => r.data()))) {
        if (!d.meta.records) { urls.push(d.url); continue; }
        const listed = JSON.parse(d.meta.records);
        for (const sub of d.sub_results) {
            const anchor = /#r(\d+)$/.exec(sub.url);
            if (anchor) { urls.push("/" + listed[Number(anchor[1]) - 1][0]); }
        }
    }
    return urls;
}"""
"""Every page and record Pagefind finds for a term (evaluated on a page of the served site),
beyond what the search box lists at once: a page is found as itself, a record as a section of
a group document (generator/site/searchindex.py), read through the group's meta `records`."""


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 (a free port) from a thread."""
    with serve(built_site) as url:
        yield url


@dataclass
class Watch:
    """What a page did that it must not: outside requests, console errors, dialogs."""

    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def watch() -> Watch:
    """Return the record of forbidden events of the current test's page."""
    return Watch()


@pytest.fixture
def page(browser: Any, base_url: str, watch: Watch) -> Iterator[Any]:
    """Open a page whose every request outside 127.0.0.1:<port> is aborted and recorded."""
    with watched_page(browser, base_url, watch) as opened:
        yield opened


@contextlib.contextmanager
def watched_page(browser: Any, base_url: str, watch: Watch) -> Iterator[Any]:
    """Yield a page that may only reach `base_url`'s host; fail on anything `watch` records."""
    allowed = urlsplit(base_url).netloc
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if urlsplit(url).netloc == allowed:
            request_route.continue_()
        else:
            watch.outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    opened = context.new_page()
    opened.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: watch.console_errors.append(str(e)))
    opened.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
    yield opened
    context.close()
    assert watch == Watch(), "the page requested outside 127.0.0.1, logged errors or opened a dialog"
