"""`build`: validate, score and write the Markdown tree that `mkdocs build` turns into the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.cli.options import (
    add_content_argument,
    add_quiet_argument,
    describe_os_error,
    load_paths,
    report_missing_content,
)
from generator.model.diagnostics import Severity
from generator.report.progress import progress
from generator.report.writers import write_text


def register(subparsers: Any) -> None:
    """Add the `build` subcommand."""
    p = subparsers.add_parser(
        "build", help="校验、复核计分并生成网站的 Markdown 文件",
        description="校验全部记录并复核计分，生成 MkDocs 使用的 Markdown 文件树；"
                    "任何记录有错误时不写入任何文件。退出码 0 成功，1 有错误，2 用法错误。")
    add_content_argument(p)
    p.add_argument("--out", type=Path, default=Path("build/docs"), help="输出文件夹（默认 build/docs）")
    add_quiet_argument(p)
    p.add_argument("--year", type=int, default=None,
                   help="只生成 records/<年度>/ 下的记录（按年度分片构建，见 docs/performance.md）")
    p.add_argument("--no-cache", action="store_true",
                   help="不使用记录缓存（默认缓存在输出文件夹旁的 .cache/ 中，只为加快重建）")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Generate into --out atomically; with errors, report them and write nothing."""
    content: Path = args.content
    if report_missing_content(content):
        return 2
    # Imported here so that other commands start without Jinja2, openpyxl and the renderer.
    from generator.pipeline import build
    from generator.read.load import record_files
    from generator.read.parallel import settle, workers
    from generator.read.recordcache import open_cache
    from generator.read.siteconfig import load_site
    from generator.rules.check import checked_here
    from generator.site.outguard import build_refusal, replace_refusal
    from generator.site.treewrite import UnsafeOutput, locked, write_tree

    refusal = build_refusal(args.out, content)
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return 2
    records = content if args.year is None else content / "records" / str(args.year)
    if not records.is_dir():
        print(f"找不到 {records}：没有 {args.year} 年度的记录。", file=sys.stderr)
        return 2
    settings = load_site(content)
    cache = None if args.no_cache else open_cache(args.out.parent / ".cache" / "records",
                                                  settings[0].profile)
    # every core when there are many records
    found = record_files([records])  # once: the loader and the git history read the same list
    # the records' own rules and scores are worked out by the processes that parse them
    loaded = load_paths([records], quiet=args.quiet, cache=cache, jobs=None, found=found,
                        then=checked_here(settings[0]))
    settle()  # the records live until the end: no collection walks them again
    bar = progress("", 0, args.quiet)
    bar.stage("读取发布历史、校验、复核计分并生成页面…")
    generated = build(content, loaded, args.year, cache, workers(), settings=settings, found=found)
    settle()  # and so does the site model, while the pages are rendered and written
    bar.close()
    if generated.files is None:
        errors = [d for d in generated.diagnostics if d.severity is Severity.ERROR]
        write_text(sys.stderr, errors, 0, 0)
        print(f"有 {generated.errors} 个错误，未生成网站；{args.out} 保持原样。", file=sys.stderr)
        return 1
    refusal = replace_refusal(args.out)  # checked again under the lock, by write_tree
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return 2
    try:
        with locked(args.out):  # a second build of the same folder waits for this one
            write_tree(args.out, generated.files)
        if cache is not None:
            cache.flush(workers())
    except UnsafeOutput as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"写入 {args.out} 失败：{describe_os_error(exc)}。{args.out} 保持原样，"
              "未写入任何文件。", file=sys.stderr)
        return 1
    findings = len(generated.diagnostics)
    if not args.quiet:
        print(f"已生成 {generated.records} 条记录、{len(generated.files)} 个文件到 {args.out}"
              f"（{findings} 个发现，运行 make validate 查看详情）。")
    return 0
