"""A record as a flat list of labelled figures, and the figures that moved between two versions.

Comparing the loaded model, not the text, makes edits of whitespace, comments, quoting or key
order invisible: only a value that reads differently counts as a change. Numbers compare as
exact decimals, so `85.00` → `85` is formatting, not a correction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from generator.model.record import FUNDS_COLUMNS, FUNDS_ROWS, Correction, Indicator, Measure, Record
from generator.model.values import parse_cell

Comparable = Decimal | str | int | bool | None

BLANK = "（空）"
NONE = "（无）"


@dataclass(frozen=True)
class Figure:
    """One value of a record with the Chinese label a reader knows it by."""

    pointer: str
    """Where it lives in the record, e.g. `indicators[2].score`."""
    label: str
    """e.g. 指标“数据接口接入”得分."""
    value: Comparable
    """What is compared: exact decimals, normalised blanks."""
    text: str
    """The value as shown to readers."""
    published: bool = True
    """A cell of the published table: changing it after publication needs a correction entry."""
    whole_row: bool = False
    """Stands for a whole indicator row, reported when the row is added or removed."""


@dataclass(frozen=True)
class Change:
    """One figure that moved between two versions of a record."""

    pointer: str
    label: str
    old: str
    new: str
    published: bool

    def to_json(self) -> dict[str, object]:
        """Return the JSON shape used by `diff --format json`."""
        return {"pointer": self.pointer, "label": self.label, "old": self.old, "new": self.new}


def _figure(pointer: str, label: str, value: object, published: bool = True) -> Figure:
    if value is None or value == "":
        return Figure(pointer, label, None, BLANK, published)
    if isinstance(value, Measure):
        # The mapping form and the same text printed in one cell read alike: formatting only.
        text = parse_cell(value).text
        return Figure(pointer, label, text, text, published)
    if isinstance(value, Decimal):
        return Figure(pointer, label, value, f"{value:f}", published)
    if isinstance(value, int):
        return Figure(pointer, label, value, str(value), published)
    return Figure(pointer, label, str(value), str(value), published)


_HEAD = (("id", "记录编号", False), ("year", "年度", True), ("title", "项目名称", True),
         ("department", "主管部门", True), ("implementer", "实施单位", True),
         ("amount_unit", "金额单位", True))
_INDICATOR_FIELDS = (("level1", "一级指标"), ("level2", "二级指标"), ("target", "年度指标值"),
                     ("actual", "实际完成值"), ("weight", "分值"), ("score", "得分"),
                     ("deviation", "偏差原因分析及改进措施"))


def figures(record: Record) -> tuple[Figure, ...]:
    """Return every value of the record in printed order, labelled (corrections excluded)."""
    return tuple(_all(record))


def _all(rec: Record) -> Iterator[Figure]:
    for key, label, published in _HEAD:
        yield _figure(key, label, getattr(rec, key), published)
    yield _figure("funds.weight", "预算执行分值", rec.funds.weight)
    for row, row_label in FUNDS_ROWS:
        for column, column_label in FUNDS_COLUMNS:
            value = getattr(rec.funds.row(row), column)
            yield _figure(f"funds.{row}.{column}", f"{row_label}·{column_label}", value)
    yield _figure("funds.reported.rate", "预算执行率", rec.funds.reported.rate)
    yield _figure("funds.reported.score", "预算执行得分", rec.funds.reported.score)
    yield _figure("goals.planned", "年度总体目标·预期目标", rec.goals.planned)
    yield _figure("goals.achieved", "年度总体目标·实际完成情况", rec.goals.achieved)
    for index, indicator in enumerate(rec.indicators):
        yield from _indicator(index, indicator)
    yield _figure("total.weight", "总分分值", rec.total.weight)
    yield _figure("total.score", "总分", rec.total.score)
    yield _figure("total.grade", "评价等级", rec.total.grade)
    yield _figure("notes", "其他需要说明事项", rec.notes)
    yield _figure("profile", "评分规则", rec.profile, published=False)
    for key, label in (("document", "来源文件名称"), ("file", "来源文件"),
                       ("sha256", "来源文件 SHA-256"), ("url", "来源网址")):
        yield _figure(f"source.{key}", label, getattr(rec.source, key), published=False)


def _indicator(index: int, item: Indicator) -> Iterator[Figure]:
    base = f"indicators[{index}]"
    yield Figure(base, f"第 {index + 1} 行指标“{item.name}”", True, item.name, whole_row=True)
    yield _figure(f"{base}.name", f"第 {index + 1} 行指标名称", item.name)
    for key, label in _INDICATOR_FIELDS:
        yield _figure(f"{base}.{key}", f"指标“{item.name}”{label}", getattr(item, key))


def changes(old: Record, new: Record) -> tuple[Change, ...]:
    """Return the figures that differ between two versions, in the new version's order."""
    before = {f.pointer: f for f in figures(old)}
    after = {f.pointer: f for f in figures(new)}
    found: list[Change] = []
    for pointer, figure in after.items():
        previous = before.get(pointer)
        if previous is None:
            if figure.whole_row:
                found.append(Change(pointer, figure.label + "（新增）", NONE, figure.text, True))
        elif previous.value != figure.value:
            found.append(Change(pointer, figure.label, previous.text, figure.text, figure.published))
    for pointer, figure in before.items():
        if pointer not in after and figure.whole_row:
            found.append(Change(pointer, figure.label + "（删除）", figure.text, NONE, True))
    return tuple(found)


def new_corrections(old: Record, new: Record) -> tuple[Correction, ...]:
    """Return the `corrections:` entries the new version adds (each entry counted once)."""
    remaining = Counter(old.corrections)
    added: list[Correction] = []
    for entry in new.corrections:
        if remaining[entry] > 0:
            remaining[entry] -= 1
        else:
            added.append(entry)
    return tuple(added)
