"""`index`: build the search index (Pagefind) of a site MkDocs has built."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    """Add the `index` subcommand."""
    p = subparsers.add_parser(
        "index", help="为已生成的网站建立站内搜索索引（Pagefind）",
        description="在 MkDocs 生成的网站文件夹中运行 Pagefind，写入 pagefind/ 搜索索引。"
                    "退出码 0 成功，2 未安装 Pagefind 或索引失败。")
    p.add_argument("site", type=Path, help="已生成的网站文件夹（如 site 或 build/site.new）")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Index the site; report a missing tool or a failure in Chinese."""
    from generator.site.searchindex import index_site

    site: Path = args.site
    if not (site / "index.html").is_file():
        print(f"找不到已生成的网站：{site}/index.html 不存在，请先运行 mkdocs build。", file=sys.stderr)
        return 2
    outcome = index_site(site)
    if outcome.problem is not None:
        print(outcome.problem, file=sys.stderr)
        if outcome.output:
            print(outcome.output, file=sys.stderr)
        return 2
    print(f"已为 {site} 建立搜索索引（{site}/pagefind/）。")
    return 0
