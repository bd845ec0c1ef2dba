"""Large years: the year table's rows as a data file, so no year page grows with the year.

A year with more than `YEAR_TABLE_LIMIT` records lists its departments in the page (each linking
to the department's page, which works without JavaScript) and writes its table to
`years/<year>/rows.json`; tables.js builds the rows from it, and then filters, sorting, shared
URLs and the CSV download work exactly as on a small year.

Compact on purpose (about 250 bytes a record): one array per record, in `FIELDS` order; links are
site-relative paths, which tables.js resolves against the year page.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from generator.site import views
from generator.site.sitedata import Entry

YEAR_TABLE_LIMIT = 150
"""Rows a year page holds itself: about 1 KB of HTML a row with the page's charts and signals,
so a year page stays under 200 KB (`make bench` measured 205.7 KiB for a year of 200 rows)."""
ROWS_FILE = "rows.json"
FIELDS = ("url", "title", "dept_url", "dept", "budget", "budget_text", "executed",
          "executed_text", "rate", "rate_text", "reported", "reported_text", "score", "score_text",
          "diff", "diff_text", "grade", "grade_text", "findings", "findings_text")


def is_large(entries: Sequence[Entry], limit: int | None = None) -> bool:
    """Return True when the year's rows go to a data file instead of the page."""
    return len(entries) > (YEAR_TABLE_LIMIT if limit is None else limit)


def row(e: Entry) -> list[str | int]:
    """Return one record's cells: sort key and shown text of each column, as the page shows them."""
    r = views.table_row(e)
    return [e.url, e.record.title, e.department_url, e.record.department,
            r.budget_sort, r.budget, r.executed_sort, r.executed, r.rate_sort, r.rate,
            r.reported_sort, r.reported, r.score_sort, r.score, r.difference_sort, r.difference,
            e.score.grade, r.grade, r.findings, r.findings_label]


def rows_json(entries: Sequence[Entry]) -> bytes:
    """Return `{"fields": [...], "rows": [[...], ...]}` for the year's table."""
    data = {"fields": list(FIELDS), "rows": [row(e) for e in entries]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
