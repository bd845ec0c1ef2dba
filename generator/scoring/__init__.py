"""Recompute every published figure under a scoring profile, beside the reported one.

Pure functions over the model: no I/O, no printing. `score_record(record, profile)` is the
entry point; the profile's YAML file holds every constant (generator/scoring/profiles/).
"""

from __future__ import annotations

from generator.scoring.result import Difference, IndicatorScore, RecordScore
from generator.scoring.scorer import grade_for, score_record

__all__ = ["Difference", "IndicatorScore", "RecordScore", "grade_for", "score_record"]
