"""What scoring yields: reported and recomputed figures side by side, and their differences.

These are plain frozen values; `to_json` gives the `score --format json` shape of
record-format.md, and `scoring.table` renders the text table.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.model.decimals import (
    CENT,
    PrintedRate,
    format_plain,
    format_rate,
    places_of,
    printed_rate,
    quantize_half_up,
)
from generator.scoring.coverage import Coverage, coverage_of


@dataclass(frozen=True)
class IndicatorScore:
    """One indicator row: the printed score beside the recomputed one."""

    index: int
    """Position in the record's `indicators` list, from 0."""
    name: str
    weight: Decimal | None
    """分值 as printed; None when the cell was blank."""
    reported: Decimal | None
    """得分 as printed; None when the cell was blank."""
    computed: Decimal | None
    """Recomputed score, two places; the reported one where it cannot be recomputed."""
    method: str
    """The rule applied, in Chinese (e.g. 正向指标：完成值÷指标值×分值)."""
    recomputed: bool
    """False when the reported score is kept because the rules cannot recompute it."""
    note: str = ""
    """Why it was not recomputed, or what else the reader should know; '' otherwise."""
    reason: str = ""
    """Key of `generator.scoring.coverage.REASONS` when not recomputed; '' otherwise."""

    @property
    def pointer(self) -> str:
        """Return the pointer of the printed score in the record."""
        return f"indicators[{self.index}].score"


@dataclass(frozen=True)
class Difference:
    """One published figure that differs from its recomputation."""

    kind: str
    """`funds_rate`, `funds_score`, `indicator`, `total` or `grade`."""
    figure: str
    """Chinese label of the figure, e.g. 指标得分（数据接口接入）."""
    pointer: str
    """Where the published figure stands in the record, e.g. `indicators[2].score`."""
    reported: str
    computed: str
    difference: str
    """Computed minus reported, as text (for a grade: 报告 → 复核)."""
    explanation: str
    """Plain Chinese: how the computed figure arises."""


@dataclass(frozen=True)
class RecordScore:
    """The scoring of one record under one profile."""

    record_id: str
    file: str
    title: str
    """项目名称, for reports."""
    profile_name: str
    funds_weight: Decimal
    """分值 of budget execution, as printed."""
    total_weight: Decimal
    """分值 of the 总分 row, as printed."""
    funds_rate: Decimal | None
    """Exact 执行数 ÷ 全年预算数 of the total row; None when it cannot be computed."""
    funds_score: Decimal | None
    """分值 × rate capped at 分值, two places; None when the rate cannot be computed."""
    funds_note: str
    indicators: tuple[IndicatorScore, ...]
    total: Decimal
    """Funds score plus indicator scores (reported ones kept where not recomputed), two places."""
    grade: str
    total_note: str
    """How the total was formed, naming any reported or blank part it had to use."""
    reported_rate: Decimal | None
    """The printed 执行率 as a fraction ("90.39%" → 0.9039); None when not a percentage."""
    reported_rate_text: str | None
    """The printed 执行率 exactly as printed."""
    reported_funds_score: Decimal | None
    reported_total: Decimal | None
    reported_grade: str | None
    differences: tuple[Difference, ...]

    @property
    def coverage(self) -> Coverage:
        """Return how many indicators were recomputed and why the others were not."""
        return coverage_of((i.recomputed, i.reason) for i in self.indicators)

    def to_json(self) -> dict[str, object]:
        """Return the record shape of `score --format json` (record-format.md)."""
        return {
            "id": self.record_id,
            "file": self.file,
            "title": self.title,
            "profile": self.profile_name,
            "reported": self._reported_json(),
            "computed": self._computed_json(),
            "coverage": self.coverage.to_json(),
            "differences": [_difference_json(d) for d in self.differences],
        }

    def _reported_json(self) -> dict[str, object]:
        printed = printed_rate(self.reported_rate_text)
        return {
            "funds_rate": None if printed is None else _fraction_text(printed),
            "funds_score": score_text(self.reported_funds_score),
            "total": score_text(self.reported_total),
            "grade": self.reported_grade,
            "indicators": [{"name": i.name, "weight": weight_text(i.weight),
                            "score": score_text(i.reported)} for i in self.indicators],
        }

    def _computed_json(self) -> dict[str, object]:
        return {
            "funds_rate": None if self.funds_rate is None else format_rate(self.funds_rate),
            "funds_score": score_text(self.funds_score),
            "funds_note": self.funds_note,
            "total": score_text(self.total),
            "grade": self.grade,
            "total_note": self.total_note,
            "indicators": [{"name": i.name, "weight": weight_text(i.weight),
                            "score": score_text(i.computed), "method": i.method,
                            "recomputed": i.recomputed, "note": i.note} for i in self.indicators],
        }


def weight_text(value: Decimal | None) -> str | None:
    """Return a printed 分值 as printed, None when the cell was blank."""
    return None if value is None else format_plain(value)


def score_text(value: Decimal | None) -> str | None:
    """Return a score with two places ("9.04", "10.00"); a score printed with more, as printed.

    A published score is never rounded here: 4.525 printed stays "4.525".
    """
    if value is None:
        return None
    if places_of(value) > 2:
        return format_plain(value)
    return format_plain(quantize_half_up(value, CENT))


def _fraction_text(printed: PrintedRate) -> str:
    """Return a printed rate as a fraction, at least four places (0.9039, 1.0000)."""
    places = max(printed.places + 2, 4)
    return format_plain(quantize_half_up(printed.fraction, Decimal(1).scaleb(-places)))


def _difference_json(d: Difference) -> dict[str, str]:
    return {"figure": d.figure, "pointer": d.pointer, "reported": d.reported,
            "computed": d.computed, "difference": d.difference, "explanation": d.explanation}
