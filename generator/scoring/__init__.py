"""Recompute every published figure under a scoring profile, beside the reported one.

Pure functions over the model: no I/O, no printing. `score_record(record, profile)` is the
entry point; the profile's YAML file holds every constant (generator/profiles/).
"""

from __future__ import annotations

from generator.scoring.record import grade_for, score_record
from generator.scoring.result import Difference, IndicatorScore, RecordScore

__all__ = ["Difference", "IndicatorScore", "RecordScore", "grade_for", "score_record"]
