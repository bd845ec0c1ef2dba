"""Rules over two versions of one record (diff and pull-request review), never plain validate.

A published figure may be corrected, but never quietly: the commit that changes it adds a
`corrections:` entry with the date and the reason, and the site shows both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from inspect import cleandoc

from generator.ledger.changes import changes, new_corrections
from generator.model.diagnostics import Diagnostic, Severity
from generator.model.record import Record
from generator.rules.base import Hit

PairCheck = Callable[[Record, Record], Iterable[Hit]]


@dataclass(frozen=True)
class PairRule:
    """A rule comparing the old and the new version of a record; documented like `Rule`."""

    code: str
    severity: Severity
    title: str
    check: PairCheck

    @property
    def doc(self) -> str:
        """Return the rule's documentation: the check function's docstring."""
        return cleandoc(self.check.__doc__ or "")

    def run(self, old: Record, new: Record) -> list[Diagnostic]:
        """Return the rule's diagnostics, placed in the new version's file."""
        found = []
        for hit in self.check(old, new):
            pos = new.pos(hit.pointer)
            found.append(Diagnostic(self.code, self.severity, new.path, pos.line, pos.column,
                                    hit.message, hit.pointer, hit.hint, hit.expected, hit.actual))
        return found


def correction_without_reason(old: Record, new: Record) -> Iterator[Hit]:
    """A published figure changes only together with a new `corrections:` entry.

    Checked by `diff` (pull-request review), not by `validate`: it needs the version before the
    change. Every cell of the published table counts (figures and texts such as 项目名称);
    the scoring profile and the source fields do not. Whitespace, comments and quoting are not
    changes.

    Passes: `indicators[0].score` goes from 10 to 5, and the same change adds
    `corrections: [{date: 2022-10-05, reason: 得分超过分值，按底稿更正}]`.
    Fails: `indicators[0].score` goes from 10 to 5 and `corrections:` is unchanged.
    """
    if new_corrections(old, new):
        return
    for change in changes(old, new):
        if change.published:
            yield Hit(change.pointer,
                      f"已公开的{change.label}由 {change.old} 改为 {change.new}，"
                      "但没有新增更正记录（corrections）。",
                      "更正已公开的数字时，请在同一次提交中于 corrections: 下新增一条 "
                      "{date: YYYY-MM-DD, reason: 更正原因}。",
                      expected=change.old, actual=change.new)


PAIR_RULES = (
    PairRule("H101", Severity.WARNING, "更正已公开数字须说明原因", correction_without_reason),
)
