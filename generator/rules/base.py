"""The rule framework: a rule is a code, a severity, a title and a small check function.

A check yields `Hit`s (where and what); the framework turns them into `Diagnostic`s with the
file, line and column of the pointed value, so no rule deals with positions itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from inspect import cleandoc

from generator.model.diagnostics import Diagnostic, Severity
from generator.model.record import Record
from generator.scoring import RecordScore
from generator.scoring.profile import Profile


@dataclass(frozen=True)
class Hit:
    """One place where a rule fires."""

    pointer: str
    message: str
    hint: str = ""
    expected: str | None = None
    actual: str | None = None
    at_key: bool = False
    """Point at the key rather than the value (e.g. an unknown or misplaced key)."""
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Context:
    """What a rule may consult besides the record: the profile in force and the record's score."""

    profile: Profile
    score: RecordScore
    """The record's scoring under `profile`, computed once by `check` for every rule."""


RecordCheck = Callable[[Record, Context], Iterable[Hit]]
CorpusCheck = Callable[[list[Record]], Iterable[tuple[Record, Hit]]]


@dataclass(frozen=True)
class Rule:
    """A validation rule; its check's docstring is its user documentation (`explain CODE`)."""

    code: str
    severity: Severity
    title: str
    check: RecordCheck | CorpusCheck
    corpus: bool = False
    """True when the check sees all records at once (e.g. id uniqueness)."""
    supersedes: tuple[str, ...] = ()
    """Codes this rule makes redundant at the same value: a specific diagnosis (I108 "a met
    target scored below its weight") replaces the generic recomputation difference (C103) on
    the same cell, so one fact is reported once."""

    @property
    def doc(self) -> str:
        """Return the rule's documentation: the check function's docstring."""
        return cleandoc(self.check.__doc__ or "")


def to_diagnostic(rule: Rule, record: Record, hit: Hit, severity: Severity | None = None) -> Diagnostic:
    """Place a hit in its file at the line and column of the pointed value or key."""
    pos = record.key_pos(hit.pointer) if hit.at_key else record.pos(hit.pointer)
    return Diagnostic(rule.code, severity or rule.severity, record.path, pos.line, pos.column,
                      hit.message, hit.pointer, hit.hint, hit.expected, hit.actual, hit.extra)
