"""Generator for the public disclosure site of project performance self-evaluations."""

from __future__ import annotations

__version__ = "0.1.0"
