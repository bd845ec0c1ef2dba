"""Reporters for `diff`: Markdown for a pull-request comment or job summary, and JSON.

One readable block per record, in Chinese; they format and decide nothing. Every piece of
author text (titles, reasons, labels, values, file names, revision names) goes through
`mdsafe.py`: it shows as written and never becomes a link, image, mention, HTML or a table cell.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from generator.ledger.compare import DiffResult, RecordDiff, Status
from generator.ledger.recomputed import Recomputed
from generator.ledger.revisions import Side
from generator.model.diagnostics import Diagnostic, Severity
from generator.report.mdsafe import md_code, md_text
from generator.report.writers import github_annotation
from generator.rules import PAIR_REGISTRY

_STATUSES: tuple[Status, ...] = ("changed", "added", "removed")
_STATUS = {"changed": "修改", "added": "新增", "removed": "删除"}
_ICON = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.INFO: "ℹ️"}


def markdown(result: DiffResult) -> str:
    """Return the Markdown report: a summary line, then one block per record."""
    lines = ["## 绩效自评表变更", "",
             f"比较 {_label(result.base)} → {_label(result.head)}：修改 {result.count('changed')} 条，"
             f"新增 {result.count('added')} 条，删除 {result.count('removed')} 条。"]
    if not result.records:
        lines += ["", "已公开的记录没有变化（只改动空白、注释或格式的编辑不算变化）。"]
    for record in result.records:
        lines += ["", *_block(record)]
    return "\n".join(lines) + "\n"


def _block(rec: RecordDiff) -> Iterator[str]:
    yield f"### {_STATUS[rec.status]}：{md_text(rec.title)}"
    yield ""
    moved = f"（由 {md_code(rec.old_file)} 改名）" if rec.old_file else ""
    yield f"记录 {md_code(rec.id)} · {md_code(rec.file)}{moved}"
    if rec.changes:
        yield ""
        yield "| 项目 | 原值 | 新值 |"
        yield "|---|---|---|"
        for c in rec.changes:
            yield (f"| {md_text(c.label)} {md_code(c.pointer, cell=True)} | {md_text(c.old)} | "
                   f"{md_text(c.new)} |")
    notes = list(_notes(rec))
    if notes:
        yield ""
        yield from notes


def _notes(rec: RecordDiff) -> Iterator[str]:
    score = _score_line(rec.old_score, rec.new_score)
    if score:
        yield f"- {score}"
    for entry in rec.corrections:
        yield f"- 更正原因（{md_text(entry.date)}）：{md_text(entry.reason)}"
    for title, found in (("新出现的问题", rec.appeared), ("已解决的问题", rec.resolved)):
        if found:
            yield f"- {title}："
            yield from (f"  - {_finding(d)}" for d in found)


def _score_line(old: Recomputed | None, new: Recomputed | None) -> str:
    if old is None and new is None:
        return ""
    if old is None or new is None:
        only = new or old
        assert only is not None
        prefix = "" if new is not None else "原"
        return f"{prefix}复核总分：{only.total:f}；{prefix}复核等级：{only.grade}"
    if old.total == new.total:
        total = f"复核总分：{new.total:f}（不变）"
    else:
        total = f"复核总分：{old.total:f} → {new.total:f}（{new.total - old.total:+f}）"
    grade = f"复核等级：{new.grade}（不变）" if old.grade == new.grade else \
        f"复核等级：{old.grade} → {new.grade}"
    return f"{total}；{grade}"


def _finding(d: Diagnostic) -> str:
    where = f"第 {d.line} 行" + (f" {md_code(d.pointer)}" if d.pointer else "")
    return f"{_ICON[d.severity]} {d.severity.label} {d.code}（{where}）：{md_text(d.message)}"


def _label(side: Side) -> str:
    """Return how a side is shown: short hash and the revision as the user named it."""
    if side.commit is None:
        return side.label  # 工作区: fixed text
    return f"{md_code(side.commit[:7])}（{md_code(side.revision)}）"


def github(result: DiffResult, fail_on: tuple[str, ...] = ()) -> str:
    """Return annotations for the findings only two versions reveal (PAIR_REGISTRY, e.g. H101).

    `validate --format github` annotates the rest; a code in `fail_on` is annotated as an error.
    """
    lines = []
    for rec in result.records:
        for d in rec.appeared:
            if d.code in PAIR_REGISTRY:
                lines.append(github_annotation(d, "error", f"{d.code} 须更正说明") if d.code in fail_on
                             else github_annotation(d))
    blocking = sum(1 for r in result.records for d in r.appeared if d.code in fail_on)
    lines.append(f"比较 {result.base.label} → {result.head.label}：修改 {result.count('changed')} 条，"
                 f"新增 {result.count('added')} 条，删除 {result.count('removed')} 条"
                 + (f"；{blocking} 个问题须先处理（{'、'.join(fail_on)}）。" if blocking else "。"))
    return "\n".join(lines) + "\n"


def to_json(result: DiffResult) -> str:
    """Return the JSON report."""
    document = {
        "base": _side(result.base),
        "head": _side(result.head),
        "summary": {status: result.count(status) for status in _STATUSES},
        "records": [_record(r) for r in result.records],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _side(side: Side) -> dict[str, str | None]:
    return {"revision": side.revision, "commit": side.commit}


def _record(rec: RecordDiff) -> dict[str, object]:
    return {
        "status": rec.status,
        "id": rec.id,
        "title": rec.title,
        "file": rec.file,
        "old_file": rec.old_file,
        "changes": [c.to_json() for c in rec.changes],
        "corrections": [{"date": c.date, "reason": c.reason} for c in rec.corrections],
        "recomputed": {"old": _recomputed(rec.old_score), "new": _recomputed(rec.new_score)},
        "findings": {"appeared": [d.to_dict() for d in rec.appeared],
                     "resolved": [d.to_dict() for d in rec.resolved]},
    }


def _recomputed(score: Recomputed | None) -> dict[str, str] | None:
    return None if score is None else {"total": f"{score.total:f}", "grade": score.grade}
