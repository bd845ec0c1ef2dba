"""The site's search index: Pagefind (npm `pagefind`, pinned in package.json) run on the built site.

MkDocs (or Zensical) writes the HTML; Pagefind reads it and writes `pagefind/` beside it: a
segmented index (Chinese with ICU4X, like the browser) split into small chunks, so a query
downloads only what it needs. What it reads: the page's `<article>`, without the review and
navigation blocks (`data-search-exclude`) nor the printed figures (numbers in the form are
not search terms and would run together in snippets); the meta and filters written by
`templates/_search.md.j2`. Nothing here prints: the caller reports the outcome.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

PAGEFIND_VERSION = "1.6.0"
ROOT = Path(__file__).resolve().parents[2]
EXCLUDED = ("[data-search-exclude]", ".jx-form td.jx-num", ".jx-form th[scope=col]")
"""Blocks kept out of the index: the review and table blocks, and the printed figures."""


@dataclass(frozen=True)
class Indexed:
    """The outcome of one indexing run: `problem` (Chinese) is None when it succeeded."""

    problem: str | None
    output: str = ""


def pagefind_binary() -> Path | None:
    """Return the Pagefind the project installed (`$PAGEFIND`, else node_modules/.bin)."""
    configured = os.environ.get("PAGEFIND")
    if configured:
        return Path(configured)
    local = ROOT / "node_modules" / ".bin" / "pagefind"
    if local.is_file():
        return local
    found = shutil.which("pagefind")
    return Path(found) if found else None


def pagefind_command(binary: Path, site: Path) -> list[str]:
    """Return the command line that indexes `site` in place (every page but 404.html)."""
    return [str(binary), "--site", str(site), "--glob", "**/index.html", "--root-selector", "article",
            "--exclude-selectors", ", ".join(EXCLUDED), "--force-language", "zh", "--quiet"]


def index_site(site: Path) -> Indexed:
    """Index the built site at `site` with the pinned Pagefind; say what went wrong, if anything."""
    binary = pagefind_binary()
    if binary is None or shutil.which("node") is None:
        return Indexed("未找到 Pagefind 或 Node.js：站内搜索需要 Node.js 20 和 npm，"
                       "安装后运行 make node_modules（npm ci 按 package-lock.json 安装 pagefind "
                       f"{PAGEFIND_VERSION}）。")
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True,
                             check=False)
    if PAGEFIND_VERSION not in version.stdout:
        return Indexed(f"Pagefind 版本不符：需要 {PAGEFIND_VERSION}，找到 "
                       f"“{version.stdout.strip() or version.stderr.strip()}”。运行 make node_modules。")
    result = subprocess.run(pagefind_command(binary, site), capture_output=True, text=True,
                            check=False)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        return Indexed(f"Pagefind 建立搜索索引失败（退出码 {result.returncode}）。", output)
    return Indexed(None, output)
