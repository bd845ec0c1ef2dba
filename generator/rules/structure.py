"""Structure rules beyond the schema: provenance of the figures and the amount unit."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from generator.model.decimals import format_plain
from generator.model.diagnostics import Severity
from generator.model.record import Record
from generator.rules.base import Context, Hit, Rule

# A county project of 10 亿元 or more is rare enough that an amount that large in 万元 is more
# likely an amount in 元 typed under the wrong unit; a whole project under 1,000 元 likewise.
_WAN_MAX = Decimal(100000)
_YUAN_MIN = Decimal(1000)


def source_provenance(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The source names the published file with its SHA-256, or the URL it was published at.

    Without provenance nobody can check a figure against the original; the record is broken.

    Passes: `source: {document: 2021年度项目支出绩效自评表, file: a.txt, sha256: d2e2…02d, url: null}`
    or `source: {document: …, file: null, sha256: null, url: https://example.gov.cn/a.pdf}`.
    Fails: `source: {document: 2021年度项目支出绩效自评表, file: a.txt, sha256: null, url: null}`
    (a file without its checksum, and no URL).
    """
    src = rec.source
    if src.url or (src.file and src.sha256):
        return
    if src.file:
        yield Hit("source.sha256", f"来源只写了原始文件“{src.file}”，没有它的 SHA-256 校验值，也没有网址。",
                  "请填写原始附件的 sha256（sha256sum 文件名），或填写原表发布的网址 url。",
                  expected="sha256 或 url", actual="无")
    else:
        yield Hit("source", "来源既没有原始文件（file 与 sha256），也没有网址（url）。",
                  "请至少填写一项：原始附件的 file 和 sha256，或原表发布的网址 url。",
                  expected="file 与 sha256，或 url", actual="无")


def amount_unit_magnitude(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The amounts' magnitude fits the declared amount unit (`amount_unit`).

    An informational hint only: an amount of 10 亿 in 万元, or a whole project under 1,000 in 元,
    usually means the unit was copied from another layout.

    Passes: `amount_unit: 万元` with `total: {initial: 85.00, budget: 85.00, executed: 76.83}`.
    Fails: `amount_unit: 万元` with `total: {initial: 850000, budget: 850000, executed: 768300}`
    (850000 万元 is 85 亿元: the table was probably in 元).
    """
    budget = rec.funds.total.budget
    if budget is None or budget == 0:
        return
    shown = format_plain(budget)
    if rec.amount_unit == "万元" and budget >= _WAN_MAX:
        yield Hit("amount_unit", f"全年预算数为 {shown} 万元（即 {format_plain(budget / 10000)} 亿元），"
                  "数额异常大，金额单位可能应为“元”。", "请核对原表“项目资金”的单位。",
                  expected="元", actual="万元")
    elif rec.amount_unit == "元" and budget < _YUAN_MIN:
        yield Hit("amount_unit", f"全年预算数只有 {shown} 元，数额异常小，金额单位可能应为“万元”。",
                  "请核对原表“项目资金”的单位。", expected="万元", actual="元")


def header_present(rec: Record, ctx: Context) -> Iterator[Hit]:
    """The header names the 主管部门 and the 实施单位.

    A cell the unit printed blank is kept blank (`""`) and published as it is: a finding, not
    an error. The record is listed under “（原表未填主管部门）” when the 主管部门 is blank.

    Passes: `department: 昌吉州应急管理局`, `implementer: 昌吉州能源安全监测中心`.
    Fails: `department: ""` (the unit left the cell blank).
    """
    for pointer, label, value in (("department", "主管部门", rec.department),
                                  ("implementer", "实施单位", rec.implementer)):
        if not value.strip():
            yield Hit(pointer, f"表头的{label}为空白。",
                      f"原表如此则保留空白，本站照原样公开；如系录入遗漏，请按原表补录{label}。",
                      actual="空白")


RULES = (
    Rule("S107", Severity.ERROR, "来源须有原始文件及校验值或网址", source_provenance),
    Rule("S108", Severity.INFO, "金额数量级与金额单位相符", amount_unit_magnitude),
    Rule("S111", Severity.WARNING, "表头主管部门和实施单位已填写", header_present),
)
