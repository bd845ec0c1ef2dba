"""Department names across records: one department, one spelling.

The site groups records by `name_key` (NFKC, whitespace and invisible characters removed),
so a 主管部门 printed with a trailing space, a no-break space, a zero-width space or
full-width letters still lands on its department's page. The printed name is kept; this
rule points at the records whose spelling differs from the department's usual one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from generator.model.diagnostics import Severity
from generator.model.names import name_key, usual_spelling
from generator.model.record import Record
from generator.rules.base import Hit, Rule


def _differences(printed: str) -> str:
    """Describe what a reader cannot see or tell apart in a printed name, in Chinese."""
    hidden = [f"U+{ord(ch):04X}" for ch in printed
              if ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Zs")]
    folded = [ch for ch in printed if unicodedata.normalize("NFKC", ch) != ch
              and not ch.isspace() and unicodedata.category(ch) != "Cf"]
    parts = []
    if hidden:
        parts.append("空白或不可见字符 " + "、".join(dict.fromkeys(hidden)))
    if folded:
        parts.append("全角/半角写法“" + "".join(dict.fromkeys(folded)) + "”")
    return "；".join(parts) or "全角/半角写法"


def department_spelling(records: list[Record]) -> Iterator[tuple[Record, Hit]]:
    """A 主管部门 is printed the same way in every record of the site.

    Names that differ only by spaces, no-break spaces, zero-width characters or full-width
    and half-width forms are one department: the site groups them on one page and shows each
    record's name as printed. Each record whose spelling differs from the one most records
    use gets this finding, naming the characters involved, so the publisher can align them.

    Passes: three records all printing `department: 昌吉州能源局`.
    Fails: two records print `昌吉州能源局`, a third `"昌吉州能源局\\u00a0"` (a no-break space).
    """
    groups: dict[str, list[Record]] = {}
    for rec in sorted(records, key=lambda r: r.path):
        groups.setdefault(name_key(rec.department), []).append(rec)
    for group in groups.values():
        usual = usual_spelling([rec.department for rec in group])
        others = sum(1 for rec in group if rec.department == usual)
        for rec in group:
            if rec.department != usual:
                yield rec, Hit("department",
                               f"主管部门印为“{rec.department}”，与其他 {others} 条记录的“{usual}”"
                               f"写法不同（{_differences(rec.department + usual)}）；本站按同一部门归类。",
                               "如是同一部门，请统一写法；原表如此印制则可保留。",
                               expected=usual, actual=rec.department)


RULES = (
    Rule("S140", Severity.WARNING, "主管部门写法一致", department_spelling, corpus=True),
)
