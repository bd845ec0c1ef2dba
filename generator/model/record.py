"""The evaluation record as frozen dataclasses. No I/O here.

Field names follow docs/record-format.md, the public interface of the record files.
Amounts, weights and scores are exact `Decimal`s read from the scalar text of the YAML file.
"""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Position:
    """A place in a source file, line and column from 1."""

    line: int
    column: int


class Positions(Mapping[str, Position]):
    """Pointer → position of a record's values, kept packed until first looked up.

    A record holds some 150 positions; as objects they were a third of a loaded record's memory
    and two thirds of the time to unpickle it from the record cache (issue 16), yet only the
    rules reading a record's diagnostics look them up. So they stay one `marshal` string
    (pointer → (line, column)), deflated (6.1 → 1.7 KB a record: the pointers repeat), until a
    lookup unpacks them; `release` packs them again.
    """

    __slots__ = ("_items", "_packed")

    def __init__(self, items: Mapping[str, tuple[int, int]] | None = None) -> None:
        """Pack `items` (pointer → (line, column))."""
        self._items: dict[str, tuple[int, int]] | None = None
        self._packed = zlib.compress(marshal.dumps(dict(items or {}), 4), 1)

    @classmethod
    def unpack(cls, packed: bytes) -> Positions:
        """Return the positions packed in `packed` (from `__reduce__`: pickling keeps them packed)."""
        positions = cls.__new__(cls)
        positions._items = None
        positions._packed = packed
        return positions

    def _unpacked(self) -> dict[str, tuple[int, int]]:
        if self._items is None:
            self._items = marshal.loads(zlib.decompress(self._packed))
        return self._items

    def release(self) -> None:
        """Drop the unpacked items (kept packed): after a record's rules have run."""
        self._items = None

    def __getitem__(self, pointer: str) -> Position:
        """Return the position of `pointer`."""
        line, column = self._unpacked()[pointer]
        return Position(line, column)

    def __iter__(self) -> Iterator[str]:
        """Iterate over the pointers, in the order they were read."""
        return iter(self._unpacked())

    def __len__(self) -> int:
        """Return the number of pointers."""
        return len(self._unpacked())

    def __reduce__(self) -> tuple[object, tuple[bytes]]:
        """Pickle packed: unpickling a cached record never unpacks its positions."""
        return (Positions.unpack, (self._packed,))


@dataclass(frozen=True)
class FundsRow:
    """One row of 项目资金: 年初预算数 / 全年预算数 / 全年执行数, each None when blank."""

    initial: Decimal | None
    """年初预算数"""
    budget: Decimal | None
    """全年预算数 (the adjusted full-year budget, the base of the execution rate)"""
    executed: Decimal | None
    """全年执行数"""


FUNDS_ROWS: tuple[tuple[str, str], ...] = (
    ("total", "年度资金总额"),
    ("fiscal", "其中：当年财政拨款"),
    ("carryover", "上年结转资金"),
    ("other", "其他资金"),
)
"""Funds rows in printed order with their official labels; `total` must equal the sum of the rest."""

FUNDS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("initial", "年初预算数"),
    ("budget", "全年预算数"),
    ("executed", "全年执行数"),
)


@dataclass(frozen=True)
class FundsReported:
    """执行率 and 得分 as printed on the total row."""

    rate: str | None
    """The printed rate, e.g. "90.39%"."""
    score: Decimal | None


@dataclass(frozen=True)
class MoreFundsRow:
    """A funds source row printed beyond the national four (schema 2), e.g. 单位资金."""

    label: str
    initial: Decimal | None
    budget: Decimal | None
    executed: Decimal | None


@dataclass(frozen=True)
class Funds:
    """项目资金 block."""

    weight: Decimal
    """分值 of budget execution (10 in the national template)."""
    total: FundsRow
    fiscal: FundsRow
    carryover: FundsRow
    other: FundsRow
    reported: FundsReported
    more: tuple[MoreFundsRow, ...] = ()
    """Source rows printed beyond fiscal/carryover/other, in printed order (schema 2)."""
    labels: tuple[tuple[str, str | None], ...] = ()
    """Row and column labels as printed where they differ from the national template
    (schema 2): (key (`fiscal`, `budget`, …), printed label or None when not printed)."""

    def label(self, key: str, default: str) -> str | None:
        """Return the printed label of a row or column key (None: the table does not print it)."""
        return dict(self.labels).get(key, default)

    def row(self, key: str) -> FundsRow:
        """Return the row named by its record key (`total`, `fiscal`, …)."""
        rows = {"total": self.total, "fiscal": self.fiscal,
                "carryover": self.carryover, "other": self.other}
        return rows[key]


@dataclass(frozen=True)
class Goals:
    """年度总体目标: 预期目标 and 实际完成情况."""

    planned: str
    achieved: str


@dataclass(frozen=True)
class Measure:
    """The mapping form of a target or actual: `{op: "≥", value: 735, unit: 人次}`."""

    op: str | None
    value: Decimal | None
    unit: str | None


Cell = str | Measure | None
"""A target or actual cell: printed text, the mapping form, or blank."""


@dataclass(frozen=True)
class Indicator:
    """One row of 年度绩效指标完成情况, as printed."""

    level1: str
    """一级指标 as printed (normalised only when compared)."""
    level2: str
    """二级指标 as printed."""
    name: str
    """三级指标"""
    target: Cell
    """年度指标值"""
    actual: Cell
    """实际完成值"""
    weight: Decimal | None
    """分值; None when the cell was left blank (a finding, W106)."""
    score: Decimal | None
    """得分 as printed; None when the cell was left blank."""
    deviation: str
    """偏差原因分析及改进措施 ("" when blank)."""
    method: str | None = None
    """得分计算方法 as printed, where the layout has that column (schema 2)."""


@dataclass(frozen=True)
class Total:
    """总分 row as printed."""

    weight: Decimal
    score: Decimal | None
    grade: str | None
    """评价等级 where printed (优/良/中/差), else None."""


@dataclass(frozen=True)
class Evaluation:
    """评价结论 / 存在问题 / 改进措施 texts printed by some provincial layouts (schema 2)."""

    conclusion: str
    problems: str
    measures: str


@dataclass(frozen=True)
class Source:
    """Where the published figures come from."""

    document: str
    file: str | None
    sha256: str | None
    url: str | None


@dataclass(frozen=True)
class Correction:
    """A correction made after first publication, with its reason (更正记录)."""

    date: str
    """ISO date, YYYY-MM-DD."""
    reason: str


@dataclass(frozen=True)
class Record:
    """One 项目支出绩效自评表 for one project and year."""

    path: str
    """Repository-relative path of the YAML file."""
    schema_version: int
    id: str
    year: int
    title: str
    department: str
    """主管部门; "" when the unit printed it blank (a finding, S111)."""
    implementer: str
    """实施单位; "" when printed blank (a finding, S111)."""
    amount_unit: str
    funds: Funds
    goals: Goals
    indicators: tuple[Indicator, ...]
    total: Total
    notes: str
    source: Source
    profile: str | None = None
    """Scoring profile overriding the site's, by name."""
    series: str | None = None
    """Optional key joining this project's records across years (else department + title)."""
    corrections: tuple[Correction, ...] = ()
    evaluation: Evaluation | None = None
    """Texts printed after the table by provincial layouts (schema 2)."""
    positions: Positions = field(default_factory=Positions, compare=False, repr=False)
    """Pointer (e.g. `indicators[2].score`) → position of its value in the file."""

    def pos(self, pointer: str) -> Position:
        """Return the position of a pointer's value, falling back to its nearest parent."""
        probe = pointer
        while probe:
            found = self.positions.get(probe)
            if found is not None:
                return found
            probe = _parent(probe)
        return self.positions.get("", Position(1, 1))

    def key_pos(self, pointer: str) -> Position:
        """Return the position of a pointer's key (`pointer` + `#key`), else of its value."""
        return self.positions.get(pointer + "#key") or self.pos(pointer)


def _parent(pointer: str) -> str:
    """Return the parent pointer: `a.b[2].c` → `a.b[2]` → `a.b` → `a` → ``."""
    if pointer.endswith("]"):
        return pointer[: pointer.rindex("[")]
    if "." in pointer:
        return pointer[: pointer.rindex(".")]
    return ""
