"""Large years: the year table's rows as a data file, so no year page grows with the year.

A year with more than `YEAR_TABLE_LIMIT` records lists its departments in the page (each linking
to the department's page, which works without JavaScript) and writes every table row to
`years/<year>/rows.json`; tables.js reads it and fills the table, and then filters, sorting,
shared URLs and the CSV download work exactly as on a small year.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from jinja2 import Environment

from generator.site.sitedata import Entry

YEAR_TABLE_LIMIT = 300
"""Rows a year page holds itself (about 200 KB of HTML at most)."""
ROWS_FILE = "rows.json"


def is_large(entries: Sequence[Entry], limit: int | None = None) -> bool:
    """Return True when the year's rows go to a data file instead of the page."""
    return len(entries) > (YEAR_TABLE_LIMIT if limit is None else limit)


def rows_json(env: Environment, here: str, entries: Sequence[Entry]) -> bytes:
    """Return `{"rows": [...]}`: each row's HTML as the year page would hold it (links relative to it)."""
    macros = env.get_template("_macros.md.j2").make_module(vars={"here": here})
    rows = [str(macros.project_row(e, False, True)) for e in entries]  # type: ignore[attr-defined]
    return json.dumps({"rows": rows}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
