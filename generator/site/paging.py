"""Long listings split into pages of bounded size (issue 16): no HTML page grows with N.

A year or a department with more than `PAGE_ROWS` projects gets pages `<url>`, `<url>page-2/`,
… each with `PAGE_ROWS` rows of the table and a pager; the heading and the summary stay on each
page and cover every project. Filters and sorting work within a page; the complete list is in
the downloads (数据下载).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

PAGE_ROWS = 100
"""Rows per page. A department page lists each project twice (beside the median, and in the
project table): about 1.4 KB of HTML a project, so with its charts a page stays under 200 KB."""

T = TypeVar("T")


@dataclass(frozen=True)
class Pager:
    """Where a page sits among the pages of one listing."""

    number: int
    count: int
    base: str
    """The listing's URL (its first page)."""
    rows: int
    """Rows of the whole listing."""

    def url(self, number: int) -> str:
        """Return the URL path of page `number` (1-based) of the listing."""
        return self.base if number == 1 else f"{self.base}page-{number}/"

    @property
    def first_row(self) -> int:
        """Return the 1-based number of this page's first row."""
        return (self.number - 1) * PAGE_ROWS + 1

    @property
    def last_row(self) -> int:
        """Return the 1-based number of this page's last row."""
        return min(self.number * PAGE_ROWS, self.rows)


def paginate(base: str, items: Sequence[T]) -> list[tuple[Pager, Sequence[T]]]:
    """Return each page of `items` (at least one, even when empty) with its pager."""
    count = max(1, -(-len(items) // PAGE_ROWS))
    return [(Pager(number, count, base, len(items)),
             items[(number - 1) * PAGE_ROWS:number * PAGE_ROWS]) for number in range(1, count + 1)]
