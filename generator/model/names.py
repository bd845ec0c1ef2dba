"""Names as keys: one department or project however its name was typed.

A name printed with a trailing space, a no-break space, a zero-width space or full-width
letters and digits is the same name. `name_key` folds those variants (Unicode NFKC, then
every whitespace and invisible format character removed) for grouping and matching only;
the name is always shown as printed.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter


@functools.lru_cache(maxsize=1 << 17)
def name_key(name: str) -> str:
    """Return the form of a name used to group and match (never to display)."""
    folded = unicodedata.normalize("NFKC", name)
    if " " not in folded and folded.isprintable():
        return folded  # no whitespace nor Cf, Cc, Zs character (str.isprintable): nothing to drop
    return "".join(ch for ch in folded
                   if not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Zs"))



def usual_spelling(names: list[str]) -> str:
    """Return the spelling most of `names` use (ties: the first in sort order)."""
    counts = Counter(names)
    return min(counts, key=lambda name: (-counts[name], name))
