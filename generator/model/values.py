"""Parse 年度指标值 and 实际完成值 cells: comparator, number, unit, period or qualitative wording.

Published tables spell the same thing many ways (＞＝, ≧, ═, full-width digits, 万云 for 万元);
this module reads what is unambiguous and says, quoting the text, what it cannot read.
It never raises.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal

from generator.model.decimals import format_plain, multiply, parse_decimal
from generator.model.record import Measure


class Kind(enum.Enum):
    """What a cell holds."""

    BLANK = "blank"
    QUANTITY = "quantity"
    PERIOD = "period"
    QUALITATIVE = "qualitative"
    UNPARSED = "unparsed"


@dataclass(frozen=True)
class Period:
    """A span of months, e.g. 2021年1月-12月 → (2021, 1) to (2021, 12)."""

    start_year: int | None
    start_month: int
    end_year: int | None
    end_month: int


@dataclass(frozen=True)
class Value:
    """A parsed cell; see the module docstring."""

    text: str
    kind: Kind
    op: str | None = None
    number: Decimal | None = None
    unit: str | None = None
    unit_printed: str | None = None
    unit_typo: bool = False
    dimension: str | None = None
    base: Decimal | None = None
    period: Period | None = None
    problem: str | None = None


# Comparators in every spelling seen in published tables, longest first.
_OPS: tuple[tuple[str, str], ...] = (
    ("大于等于", ">="), ("大于或等于", ">="), ("不低于", ">="), ("不少于", ">="), ("至少", ">="),
    ("小于等于", "<="), ("小于或等于", "<="), ("不高于", "<="), ("不超过", "<="), ("不多于", "<="),
    (">=", ">="), ("=>", ">="), ("≥", ">="), ("≧", ">="), ("⩾", ">="),
    ("<=", "<="), ("=<", "<="), ("≤", "<="), ("≦", "<="), ("⩽", "<="),
    ("==", "="), ("═", "="), ("﹦", "="), ("=", "="), ("等于", "="),
    (">", ">"), ("大于", ">"), ("高于", ">"), ("超过", ">"),
    ("<", "<"), ("小于", "<"), ("低于", "<"),
)
_SUFFIX_OPS = (("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="))

# unit → (dimension, factor to the dimension's base unit). Units of one dimension compare.
_UNITS: dict[str, tuple[str, Decimal]] = {
    "元": ("money", Decimal(1)), "千元": ("money", Decimal(1000)),
    "万元": ("money", Decimal(10000)), "亿元": ("money", Decimal(100000000)),
    "%": ("percent", Decimal("0.01")), "百分比": ("percent", Decimal("0.01")),
    "‰": ("percent", Decimal("0.001")),
    "米": ("length", Decimal(1)), "千米": ("length", Decimal(1000)), "公里": ("length", Decimal(1000)),
    "克": ("mass", Decimal(1)), "千克": ("mass", Decimal(1000)), "公斤": ("mass", Decimal(1000)),
    "吨": ("mass", Decimal(1000000)),
    "小时": ("hours", Decimal(1)), "分钟": ("hours", Decimal(1) / Decimal(60)),
}
# Known typing mistakes for units, as seen in published tables (domain.md).
_UNIT_TYPOS = {"万云": "万元", "万圆": "万元", "圆": "元", "万无": "万元", "百分之": "%"}

_QUALITATIVE = (
    "提升", "提高", "有效", "达成", "达到", "长期", "延长", "减少", "降低", "明显", "良好", "稳定",
    "持续", "改善", "增强", "促进", "保障", "完成", "实现", "合格", "优良", "显著", "是", "否",
    "满意", "逐步", "加强", "规范", "及时", "准确", "全覆盖", "健全", "较好", "一般", "较差",
)
_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_QUANTITY = re.compile(rf"^(?P<num>{_NUMBER})\s*(?P<unit>[^\d\s]*)$")
_PERIOD = re.compile(
    r"^(?:(?P<y1>\d{4})年)?(?P<m1>\d{1,2})月?\s*(?:-|~|～|至|到|—|–|－)\s*"
    r"(?:(?P<y2>\d{4})年)?(?P<m2>\d{1,2})月(?:底|末)?$"
)
_YEAR_ONLY = re.compile(r"^(?P<y>\d{4})年(?:度|全年)?$")


def normalise(text: str) -> str:
    """Return the text in NFKC form (full-width digits and operators to ASCII), trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def parse_cell(cell: str | Measure | None) -> Value:
    """Return what a target or actual cell holds; never raises."""
    if isinstance(cell, Measure):
        value = None if cell.value is None else format_plain(cell.value)
        return _from_measure(cell.op, value, cell.unit)
    return _parse_text("" if cell is None else str(cell))


@functools.lru_cache(maxsize=1 << 16)
def _parse_text(text: str) -> Value:
    """Parse printed text (cached by the exact text: rules ask for the same cells many times)."""
    if not text.strip() or text.strip() in ("—", "-", "/", "／", "——", "－", "无"):
        return Value(text=text, kind=Kind.BLANK)
    body = normalise(text).replace(" ", "")
    op, body = _split_op(body)
    period = _parse_period(body)
    if period is not None:
        return Value(text=text, kind=Kind.PERIOD, op=op, period=period)
    match = _QUANTITY.match(body)
    if match is not None:
        return _quantity(text, op, match.group("num"), match.group("unit"))
    if not re.search(r"\d", body):
        return Value(text=text, kind=Kind.QUALITATIVE, op=op)
    return Value(text=text, kind=Kind.UNPARSED, op=op,
                 problem=f"无法识别“{text}”：既不是“比较符+数字+单位”（如 ≥95%），"
                         "也不是时间段（如 2021年1月-12月）或定性表述（如 提升）。")


def _split_op(body: str) -> tuple[str | None, str]:
    for spelling, op in _OPS:
        if body.startswith(spelling):
            return op, body[len(spelling):]
    for spelling, op in _SUFFIX_OPS:
        if body.endswith(spelling) and re.search(r"\d", body):
            return op, body[: -len(spelling)]
    return None, body


def _parse_period(body: str) -> Period | None:
    match = _PERIOD.match(body)
    if match is not None:
        y1 = int(match.group("y1")) if match.group("y1") else None
        y2 = int(match.group("y2")) if match.group("y2") else y1
        m1, m2 = int(match.group("m1")), int(match.group("m2"))
        if 1 <= m1 <= 12 and 1 <= m2 <= 12:
            return Period(y1, m1, y2, m2)
    match = _YEAR_ONLY.match(body)
    if match is not None:
        year = int(match.group("y"))
        return Period(year, 1, year, 12)
    return None


def _quantity(text: str, op: str | None, number_text: str, unit_text: str) -> Value:
    number = parse_decimal(number_text.replace(",", ""))
    if number is None:  # pragma: no cover - the pattern admits only valid numbers
        return Value(text=text, kind=Kind.UNPARSED, op=op, problem=f"无法识别数字“{text}”。")
    unit_printed = unit_text or None
    unit = _UNIT_TYPOS.get(unit_text, unit_text) or None
    dimension, factor = _UNITS.get(unit or "", (unit, Decimal(1)))
    return Value(
        text=text, kind=Kind.QUANTITY, op=op, number=number, unit=unit,
        unit_printed=unit_printed, unit_typo=unit_text in _UNIT_TYPOS,
        dimension=dimension, base=multiply(number, factor),
    )


@functools.lru_cache(maxsize=1 << 16)
def _from_measure(op_printed: str | None, value: str | None, unit_printed: str | None) -> Value:
    """Parse the mapping form from its printed parts (cached by them, as `_parse_text`)."""
    op_text = normalise(op_printed or "")
    op = dict(_OPS).get(op_text) if op_text else None
    unit = unit_printed or ""
    shown = f"{op_printed or ''}{value if value is not None else ''}{unit}"
    if value is None:
        kind = Kind.QUALITATIVE if shown.strip() else Kind.BLANK
        return Value(text=shown, kind=kind, op=op)
    if op_text and op is None:
        return Value(text=shown, kind=Kind.UNPARSED,
                     problem=f"无法识别指标性质“{op_printed}”：应为 ≥、>、=、≤、< 之一。")
    return _quantity(shown, op, value, unit)


def same_dimension(a: Value, b: Value) -> bool:
    """Return True when both are quantities whose units compare (万元 vs 元 yes; 矿次 vs 份 no)."""
    return (a.kind is Kind.QUANTITY and b.kind is Kind.QUANTITY
            and a.dimension == b.dimension)


_NOT_ONE_UNIT = re.compile(r"[/／、,，;；+＋或及和]")


def harmonise(target: Value, actual: Value) -> tuple[Value, Value, str]:
    """Give a bare number the unit of the other side when that side has exactly one unit.

    `=8个` against `8` reads the actual as 8个; `≤90万元` against `88.5` as 88.5万元. Returns
    both values and a Chinese note saying so ('' when nothing was filled in). Never when both
    sides print a unit (矿次 and 份 stay different) or the other side's unit is compound (次/年).
    """
    if target.kind is not Kind.QUANTITY or actual.kind is not Kind.QUANTITY:
        return target, actual, ""
    if (target.unit is None) == (actual.unit is None):
        return target, actual, ""
    bare, other = (target, actual) if target.unit is None else (actual, target)
    unit = other.unit or ""
    if _NOT_ONE_UNIT.search(unit) or bare.number is None:
        return target, actual, ""
    dimension, factor = _UNITS.get(unit, (unit, Decimal(1)))
    filled = replace(bare, unit=unit, dimension=dimension, base=multiply(bare.number, factor))
    names = ("年度指标值", "实际完成值") if bare is target else ("实际完成值", "年度指标值")
    note = f"{names[0]}“{bare.text}”未写单位，按{names[1]}的单位“{unit}”理解"
    return (filled, actual, note) if bare is target else (target, filled, note)


def is_qualitative_word(text: str) -> bool:
    """Return True when the text is a known qualitative wording (提升, 有效, 长期 …)."""
    body = normalise(text)
    return any(word in body for word in _QUALITATIVE)
