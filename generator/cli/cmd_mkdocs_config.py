"""`mkdocs-config`: write the site's derived MkDocs/Zensical configuration (build/mkdocs.yml)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from generator.cli.options import add_content_argument, report_missing_content
from generator.model.diagnostics import Severity
from generator.read.siteconfig import SiteConfig, load_site
from generator.report.writers import write_text
from generator.site.mkdocsconfig import LOCAL_SITE_URL, Layout, derived_config, favicon_name


def register(subparsers: Any) -> None:
    """Add the `mkdocs-config` subcommand."""
    p = subparsers.add_parser(
        "mkdocs-config", help="生成网站配置 build/mkdocs.yml（MkDocs 与 Zensical 通用）",
        description="由 mkdocs.yml 和 content/site.yaml 生成 build/mkdocs.yml：网站名称、网址、图标等"
                    "不经 hooks 直接写入配置，MkDocs 和 Zensical 都能读取。"
                    "退出码 0 成功，1 site.yaml 有错误，2 用法错误。")
    add_content_argument(p)
    p.add_argument("--base", type=Path, default=Path("mkdocs.yml"), help="仓库的 mkdocs.yml")
    p.add_argument("--docs", type=Path, default=Path("build/docs"), help="build 生成的文件夹")
    p.add_argument("--site-dir", type=Path, default=Path("build/site.new"), help="网站输出文件夹")
    p.add_argument("--out", type=Path, default=Path("build/mkdocs.yml"), help="写入的配置文件")
    p.add_argument("--format", choices=("text", "github"), default="text",
                   help="github：网址仍为本机默认值时输出 GitHub 警告注释")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the configuration; warn (stderr, or an annotation) while site_url is the default."""
    content: Path = args.content
    if report_missing_content(content):
        return 2
    if not args.base.is_file():
        print(f"找不到 MkDocs 配置文件：{args.base}", file=sys.stderr)
        return 2
    site, problems = load_site(content)
    errors = [d for d in problems if d.severity is Severity.ERROR]
    if errors:
        write_text(sys.stderr, errors, 1, 0)
        return 1
    if not _copy_favicon(site, content, args.docs):
        return 1
    layout = Layout(args.base, args.out, args.docs, args.site_dir)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    partial = args.out.with_name(args.out.name + ".new")
    partial.write_text(derived_config(site, layout), encoding="utf-8")
    os.replace(partial, args.out)
    if site.site_url == LOCAL_SITE_URL:
        _warn_local_url(content, args.format)
    return 0


def _copy_favicon(site: SiteConfig, content: Path, docs: Path) -> bool:
    target = favicon_name(site)
    if site.favicon is None or target is None:
        return True
    source = content / site.favicon
    if not source.is_file():
        print(f"{content / 'site.yaml'}: 找不到 favicon 指定的文件 {source}。"
              "请把图标放进 content 文件夹，或删去 favicon 一行。", file=sys.stderr)
        return False
    (docs / target).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, docs / target)
    return True


def _warn_local_url(content: Path, form: str) -> None:
    site_yaml = content / "site.yaml"
    message = (f"site.yaml 的 site_url 仍是本机预览地址 {LOCAL_SITE_URL}：站点地图、规范链接和订阅"
               "中的网址都会指向本机。发布前请改为网站的公开地址。")
    if form == "github":
        line = _line_of(site_yaml, "site_url:")
        print(f"::warning file={site_yaml.as_posix()},line={line},title=site_url::{message}")
    else:
        print(f"{site_yaml.as_posix()}: 警告：{message}", file=sys.stderr)


def _line_of(path: Path, prefix: str) -> int:
    if path.is_file():
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if text.startswith(prefix):
                return number
    return 1
