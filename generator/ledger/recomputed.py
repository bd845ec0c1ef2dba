"""The recomputed total and grade of a record, as `diff` compares them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.rules.check import Checked


@dataclass(frozen=True)
class Recomputed:
    """Total and grade recomputed under the record's scoring profile."""

    total: Decimal
    """Two places."""
    grade: str


def recomputed(checked: Checked, path: str) -> Recomputed | None:
    """Return the total and grade `check` scored for the record at `path`.

    None when the file did not load or its profile is unknown (validate reports S121): there is
    nothing to recompute under.
    """
    scored = checked.scores.get(path)
    return None if scored is None else Recomputed(scored.score.total, scored.score.grade)
