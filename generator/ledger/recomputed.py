"""The recomputed total and grade of a record, as `diff` and the history pages compare them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.model.record import Record
from generator.read.siteconfig import SiteConfig
from generator.rules.check import profile_for
from generator.scoring import score_record
from generator.scoring.profile import UnknownProfile


@dataclass(frozen=True)
class Recomputed:
    """Total and grade recomputed under the record's scoring profile."""

    total: Decimal
    """Two places."""
    grade: str


def recompute(record: Record, site: SiteConfig) -> Recomputed | None:
    """Return the recomputed total and grade, or None when the record's profile is unknown."""
    try:
        profile = profile_for(record, site)
    except UnknownProfile:
        return None  # validate reports S121; there is nothing to recompute under
    scored = score_record(record, profile)
    return Recomputed(scored.total, scored.grade)
