"""Signals: patterns in a year's tables worth a second look, worded as signals, never verdicts.

Each signal names the records behind it; the method page explains each one (`SIGNAL_TEXTS`).
A signal says where to look, not that anything is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from generator.model.facts import deviation_texts, text_digest
from generator.scoring.packed import signal_facts
from generator.site.compare import full_marks
from generator.site.sitedata import Entry

LOW_RATE = Decimal("0.9")
"""Execution rate below which full marks are a signal."""

SIGNAL_TEXTS: tuple[tuple[str, str, str], ...] = (
    ("full-marks-low-rate", "满分但预算执行率低于 90%",
     "原表总分为满分，而本站按全年执行数 ÷ 全年预算数算出的执行率低于 90%。执行率不足时预算执行一项通常会失分，满分值得再看一眼原表。"),
    ("exact-targets", "全部指标恰好等于指标值",
     "一张表中所有可读的定量指标（至少 3 项），实际完成值都恰好等于年度指标值。这可能属实，也可能是照抄了指标值。"),
    ("same-deviation", "多个项目的偏差说明文字相同",
     "同一段偏差原因分析及改进措施（至少 8 个字）出现在本年度两个以上的项目中。相同的说明可能是套用的模板。"),
    ("all-full-marks", "部门内全部项目满分",
     "一个主管部门本年度至少有 2 个项目，原表总分全部为满分。"),
)
"""(key, title, explanation) of each signal, in the order the pages show them."""


@dataclass(frozen=True)
class Group:
    """One occurrence of a signal: a label and the records behind it."""

    label: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Signal:
    """One kind of signal in one year."""

    key: str
    title: str
    explanation: str
    groups: tuple[Group, ...]

    @property
    def count(self) -> int:
        """Return the number of records behind the signal."""
        return sum(len(g.entries) for g in self.groups)


def year_signals(entries: Sequence[Entry]) -> tuple[Signal, ...]:
    """Return every signal of one year's entries (each possibly empty)."""
    finders = {"full-marks-low-rate": _full_marks_low_rate, "exact-targets": _exact_targets,
               "same-deviation": _same_deviation, "all-full-marks": _all_full_marks}
    return tuple(Signal(key, title, text, finders[key](entries))
                 for key, title, text in SIGNAL_TEXTS)


def _full_marks_low_rate(entries: Sequence[Entry]) -> tuple[Group, ...]:
    found = tuple(e for e in entries if full_marks(e)
                  and e.score.funds_rate is not None
                  and e.score.funds_rate < LOW_RATE)
    return (Group("", found),) if found else ()


def exact_targets(entry: Entry) -> bool:
    """Return True when every readable quantitative indicator's actual equals its target."""
    return signal_facts(entry.record)[0]


def _exact_targets(entries: Sequence[Entry]) -> tuple[Group, ...]:
    found = tuple(e for e in entries if exact_targets(e))
    return (Group("", found),) if found else ()


def _same_deviation(entries: Sequence[Entry]) -> tuple[Group, ...]:
    """Group by the text with spaces removed and width folded; label with the first as printed.

    Records are grouped by their texts' 128-bit digests (held by a packed record); only the
    first record of each group is read whole, for the text that labels and orders it."""
    by_digest: dict[int, list[Entry]] = {}
    for entry in entries:
        for digest in signal_facts(entry.record)[1]:  # distinct within a record
            by_digest.setdefault(digest, []).append(entry)
    groups: list[tuple[str, Group]] = []
    for digest, found in by_digest.items():
        if len(found) > 1:
            key, text = next((key, text) for key, text in deviation_texts(found[0].record)
                             if text_digest(key) == digest)
            groups.append((key, Group(text, tuple(found))))
    return tuple(group for _, group in sorted(groups, key=lambda item: item[0]))


def _all_full_marks(entries: Sequence[Entry]) -> tuple[Group, ...]:
    departments: dict[str, list[Entry]] = {}
    for entry in entries:
        departments.setdefault(entry.record.department, []).append(entry)
    return tuple(Group(name, tuple(found)) for name, found in sorted(departments.items())
                 if len(found) > 1 and all(full_marks(e) for e in found))
