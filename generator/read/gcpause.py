"""The cyclic garbage collector paused over loops that only build acyclic values (issue 16).

Once the records are loaded the heap holds millions of objects, and every full collection
walks all of them: a loop allocating a value per record (unpickling cached records, the
ledger's walk) paid as much for those collections as for its own work. Reference counting
still frees everything such a loop discards; the collector resumes at the end of the block.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_collector() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (restored as it was, even on error)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
