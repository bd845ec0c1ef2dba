"""The text table of `score`: reported beside recomputed figures, aligned for Chinese text.

Chinese characters take two terminal columns (East Asian Wide and Fullwidth), so alignment
counts display columns, not characters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal

from generator.model.decimals import format_percent, format_plain
from generator.scoring.result import RecordScore, score_text

NAME_COLUMNS = 36
"""Longest name shown; longer names are cut with …, the JSON output keeps them whole."""
HEADERS = ("项目", "分值", "报告得分", "复核得分", "复核方法")
_BLANK = "—"


def display_width(text: str) -> int:
    """Return how many terminal columns the text takes."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def clip(text: str, columns: int) -> str:
    """Return the text cut to at most `columns` display columns, marked with … when cut."""
    if display_width(text) <= columns:
        return text
    out = ""
    for char in text:
        if display_width(out + char) > columns - 1:
            break
        out += char
    return out + "…"


def pad(text: str, columns: int, right: bool = False) -> str:
    """Return the text padded with spaces to `columns` display columns."""
    fill = " " * max(columns - display_width(text), 0)
    return fill + text if right else text + fill


def record_table(scored: RecordScore) -> str:
    """Return the table of one record, ending with its differences."""
    rows = _rows(scored)
    widths = [max(display_width(r[i]) for r in [HEADERS, *rows]) for i in range(4)]
    lines = [f"{scored.record_id}  {scored.title}",
             f"文件：{scored.file}  评分规则：{scored.profile_name}", ""]
    for row in [HEADERS, *rows]:
        cells = [pad(row[0], widths[0])] + [pad(row[i], widths[i], right=True) for i in (1, 2, 3)]
        lines.append("  ".join([*cells, row[4]]).rstrip())
    lines.append("")
    lines.append(f"复核覆盖：{scored.coverage.text()}")
    lines.append("")
    lines.extend(_note_lines(scored))
    lines.extend(_difference_lines(scored))
    return "\n".join(lines) + "\n"


def _rows(scored: RecordScore) -> list[Sequence[str]]:
    rate = _BLANK if scored.funds_rate is None else format_percent(scored.funds_rate)
    rows: list[Sequence[str]] = [
        ("执行率", "", scored.reported_rate_text or _BLANK, rate, ""),
        ("预算执行得分", format_plain(scored.funds_weight), _score(scored.reported_funds_score), _score(scored.funds_score),
         "分值×执行率，不超过分值" if scored.funds_score is not None else scored.funds_note),
    ]
    for item in scored.indicators:
        name = clip(f"{item.index + 1}. {item.name}", NAME_COLUMNS)
        weight = _BLANK if item.weight is None else format_plain(item.weight)
        rows.append((name, weight, _score(item.reported),
                     _score(item.computed), item.method))
    rows.append(("总分", format_plain(scored.total_weight), _score(scored.reported_total), _score(scored.total), ""))
    rows.append(("评价等级", "", scored.reported_grade or _BLANK, scored.grade, ""))
    return rows


def _score(value: Decimal | None) -> str:
    return score_text(value) or _BLANK


def _note_lines(scored: RecordScore) -> list[str]:
    notes = [f"  {i.index + 1}. {i.note}" for i in scored.indicators if i.note]
    if scored.funds_score is None or not scored.funds_note.startswith("执行率 ="):
        notes.insert(0, f"  预算执行：{scored.funds_note}")  # not computed, or on another basis
    return ["说明：", *notes, ""] if notes else []


def _difference_lines(scored: RecordScore) -> list[str]:
    if not scored.differences:
        return ["报告数字与复核结果一致。"]
    lines = [f"差异 {len(scored.differences)} 处："]
    for d in scored.differences:
        lines.append(f"  {d.figure}：报告 {d.reported}，复核 {d.computed}，相差 {d.difference}"
                     f"（{d.pointer}）")
    return lines
