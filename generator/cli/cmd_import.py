"""`import SOURCE... --out DIR`: turn published tables into record files."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from generator.cli.import_summary import summary_lines, write_csv
from generator.cli.options import add_quiet_argument, describe_os_error, display_path
from generator.importers.emit import RELATIVE_SCHEMA
from generator.importers.folder import FileResult, import_all, sources
from generator.importers.outputs import Planned, Status, write
from generator.model.diagnostics import Diagnostic, Severity
from generator.read.siteconfig import load_site
from generator.report.progress import progress
from generator.site.mkdocsconfig import LOCAL_SITE_URL
from generator.site.outguard import import_refusal
from generator.site.schemafiles import schema_url


def register(subparsers: Any) -> None:
    """Add the `import` subcommand."""
    p = subparsers.add_parser(
        "import", help="把已公开的自评表（PDF、Word、Excel、网页、文本）转换为记录",
        description="读取 .pdf（带文字层）、.docx/.doc/.wps、.xlsx/.xls/.et、.html/.htm、"
                    ".txt（种子文本格式）中的项目支出绩效自评表，写成记录文件；给出文件夹时读取其中"
                    "（含子文件夹）所有支持的文件。无法读取的文件整个不写入，也不影响其他文件。"
                    "退出码 0 成功，1 有文件未导入或有未覆盖的记录，2 用法错误。")
    p.add_argument("sources", nargs="+", type=Path, metavar="SOURCE", help="来源文件或文件夹")
    p.add_argument("--out", type=Path, required=True, metavar="DIR",
                   help="输出文件夹；含 site.yaml 或 records/ 时写入 DIR/records/<年度>/")
    p.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                   help="已发布的内容文件夹（默认 content）：同年度、同主管部门、同项目名称的表沿用其中记录的 id")
    p.add_argument("--force", action="store_true", help="覆盖内容不同的已有记录")
    p.add_argument("--dry-run", action="store_true", help="只显示将写入什么，不写任何文件")
    p.add_argument("--report", type=Path, metavar="FILE.csv",
                   help="把按文件的汇总（新建、变更、未变、拒绝及首个原因）写成 CSV 文件")
    add_quiet_argument(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Import every source file (folders recursed); a refused file is not written at all."""
    missing = [p for p in args.sources if not p.exists()]
    if missing:
        print("找不到：" + "、".join(str(p) for p in missing), file=sys.stderr)
        return 2
    if args.out.exists() and not args.out.is_dir():
        print(f"输出位置 {args.out} 不是文件夹。", file=sys.stderr)
        return 2
    refusal = import_refusal(args.out, args.content if args.content.is_dir() else None)
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return 2
    files, found_problems = sources(args.sources, display_path)
    content = args.content if args.content.is_dir() else None
    schema = _schema_address(args.out, content)
    planned, results = import_all(files, display_path, args.out, content,
                                  _progress(args.quiet), schema)
    problems = [*found_problems, *(d for r in results for d in r.diagnostics)]
    if not args.dry_run:
        try:
            write(planned, args.force)
        except OSError as exc:
            print(f"写入记录失败：{describe_os_error(exc)}。没有写入或改动任何记录文件，"
                  "腾出空间后重新导入。", file=sys.stderr)
            return 1
    if planned and (not args.quiet or args.dry_run):
        report(sys.stdout, planned, args.force, args.dry_run)
    many = len(results) > 1 or any(p.is_dir() for p in args.sources)
    if many:
        sys.stdout.writelines(line + "\n" for line in summary_lines(results, args.force))
    if args.report is not None:
        write_csv(args.report, results, args.force)
    write_diagnostics(sys.stderr, problems)
    _closing(sys.stderr, problems, results)
    refused = [p for p in planned if p.status is Status.CHANGED and not args.force]
    write_diagnostics(sys.stderr, [_refused(p) for p in refused])
    return 1 if refused or any(d.severity is Severity.ERROR for d in problems) else 0


def _progress(quiet: bool) -> Callable[[Sequence[Path]], Iterable[Path]]:
    """Return a wrapper that counts the files on a progress bar (report/progress.py decides
    whether anyone watches: a terminal, CI unset, no --quiet)."""
    def counted(files: Sequence[Path]) -> Iterator[Path]:
        bar = progress("读取来源文件", len(files), quiet or len(files) < 2)
        for file in files:
            yield file
            bar.advance()
        bar.close()
    return counted


def _closing(out: TextIO, diagnostics: Sequence[Diagnostic], results: Sequence[FileResult]) -> None:
    problems = [d for d in diagnostics if d.severity is Severity.ERROR]
    if not problems:
        return
    refused = [r for r in results if r.is_refused]
    if len(refused) == len(results):
        out.write(f"导入失败：{len(problems)} 个错误，没有写入任何文件。\n")
    else:
        out.write(f"导入未完成：{len(refused)} 个文件有 {len(problems)} 个错误，这些文件没有写入；"
                  "其余文件已导入。\n")


def _schema_address(out: Path, content: Path | None) -> str:
    """Return the record schema's public address on the site, or the in-repository path while
    the site's `site_url` is still the local preview default."""
    folder = out if (out / "site.yaml").is_file() else content
    site, problems = load_site(folder) if folder is not None else (None, [])
    if site is None or problems or site.site_url == LOCAL_SITE_URL:
        return RELATIVE_SCHEMA
    return schema_url(site.site_url)


def write_diagnostics(out: TextIO, diagnostics: Sequence[Diagnostic]) -> None:
    """Print diagnostics in the validator's text format."""
    for d in diagnostics:
        out.write(d.as_line() + "\n")


_LABELS = {
    (Status.NEW, True): "新建", (Status.NEW, False): "新建",
    (Status.CHANGED, True): "覆盖", (Status.CHANGED, False): "未覆盖",
    (Status.UNCHANGED, True): "未变", (Status.UNCHANGED, False): "未变",
}


def report(out: TextIO, planned: Sequence[Planned], force: bool, dry_run: bool) -> None:
    """Print one line per record (status, path, title), then a summary."""
    counts: dict[str, int] = {}
    for item in planned:
        label = _LABELS[(item.status, force)]
        counts[label] = counts.get(label, 0) + 1
        shown = ("将" + label if dry_run and label in ("新建", "覆盖") else label)
        out.write(f"{shown}\t{display_path(item.path)}\t{item.origin.record['title']}\n")
    parts = "，".join(f"{label} {counts[label]}" for label in ("新建", "覆盖", "未变", "未覆盖")
                     if label in counts)
    out.write(f"共 {len(planned)} 张表：{parts}。\n")
    if dry_run:
        out.write("演练（--dry-run）：没有写入任何文件。\n")


def _refused(item: Planned) -> Diagnostic:
    return Diagnostic("M110", Severity.ERROR, display_path(item.path), 1, 1,
                      f"已有记录“{item.origin.record['title']}”的内容与导入结果不同，未覆盖。",
                      hint="确认要用原表内容替换时，加 --force 重新导入；先加 --dry-run 可预览。")
