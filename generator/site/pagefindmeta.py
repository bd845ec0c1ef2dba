"""Make Pagefind 1.6.0 load every index chunk a search term may need (issue 16, recall).

Pagefind splits its sorted word list into chunks and names each chunk's first and last word
(trimmed) in the metadata file (`pagefind.<hash>.pf_meta`). Every query term also matches the
words it begins (运 finds 运维): the browser must load every chunk holding such a word. Its
chunk choice (`request_indexes` in pagefind_web/src/lib.rs) takes the chunks whose range holds
the term ("strict") and, only when there is none, the chunks whose range could hold a word
beginning with it ("loose"). When a term is a chunk's last word and the words it begins start
the next chunk (运 | 运维), the strict match wins and the next chunk is never loaded: on 10,000
synthetic records 运维 missed 3 of the 2,538 records grep finds (their only 运 is in 护运 | 维,
indexed with the pair 运维 that starts the next chunk).

`complete_ranges` rewrites the ranges so that this cannot happen: each chunk's last word is
given whole, and a chunk whose first word begins with a term that another chunk holds strictly
gets its first word shortened to that term, so it is held strictly too (`chunk_ranges`; the
property is tested against a model of Pagefind's choice). The price is what a term's words
weigh: a term whose words fill several chunks loads them all, as Pagefind means it to.
The metadata file is written under a new name (its SHA-256) and `pagefind-entry.json` points
to it, so no browser keeps the old one.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import itertools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"
"""What Pagefind's files start with once unzipped, before their CBOR."""
ENTRY = "pagefind-entry.json"


class UnexpectedIndex(Exception):
    """The index is not laid out as Pagefind 1.6.0 writes it."""


def chunk_ranges(bounds: Sequence[tuple[str, str]],
                 given: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """Return each chunk's (from, to) for the chunks whose first and last words are `bounds`
    (in order, not overlapping), such that Pagefind's choice loads, for any term, every chunk
    holding a word that begins with it.

    `given` are the chunks' `from` as Pagefind wrote them (a beginning of the first word, or the
    whole); they are kept where they suffice. A chunk's `from` is shortened to the shortest
    beginning of its first word that another chunk holds strictly, until nothing changes: a
    term that begins the chunk's first word is then held strictly by it whenever another chunk
    holds it strictly (and when none does, Pagefind's loose choice finds it)."""
    froms = [first if given is None or not first.startswith(given[i]) else given[i]
             for i, (first, _) in enumerate(bounds)]
    tos = [last for _, last in bounds]
    shortened: dict[str, list[int]] = {}  # a `from` shorter than its first word → the chunks
    for i, (first, _) in enumerate(bounds):
        if froms[i] != first:
            shortened.setdefault(froms[i], []).append(i)
    changed = True
    while changed:
        changed = False
        for i, (first, _) in enumerate(bounds):
            for length in range(1, len(first)):
                term = first[:length]
                if term >= froms[i]:
                    break  # this and every longer beginning are held strictly already
                if _held_elsewhere(term, i, froms, tos, shortened):
                    froms[i] = term
                    shortened.setdefault(term, []).append(i)
                    changed = True
                    break
    return list(zip(froms, tos, strict=True))


def _held_elsewhere(term: str, chunk: int, froms: list[str], tos: list[str],
                    shortened: dict[str, list[int]]) -> bool:
    """Return whether a chunk other than `chunk` holds `term` strictly (from <= term <= to)."""
    at = bisect.bisect_left(tos, term)  # the first chunk whose last word is not before it
    if at < len(tos) and at != chunk and froms[at] <= term:
        return True
    # a later chunk holds it only if its `from` is shorter than its first word, a beginning
    # of the term
    return any(other != chunk and tos[other] >= term
               for length in range(1, len(term) + 1)
               for other in shortened.get(term[:length], ()))


def complete_ranges(output: Path) -> None:
    """Rewrite the chunk ranges of the Pagefind index in `output` (`chunk_ranges`).

    Raises UnexpectedIndex (its message in Chinese) when the files are not as Pagefind 1.6.0
    writes them; nothing is changed then."""
    entry_path = output / ENTRY
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        languages = entry["languages"]
        rewritten = []
        for language, about in languages.items():
            meta_path = output / f"pagefind.{about['hash']}.pf_meta"
            meta = read(meta_path)
            chunks = meta[2]
            bounds = []
            for chunk in chunks:
                words = [word[0] for word in read(output / "index" / f"{chunk[2]}.pf_index")[0]]
                bounds.append((min(words), max(words)))
            if any(a[1] >= b[0] for a, b in itertools.pairwise(bounds)):
                raise ValueError("分块的词不按顺序排列")
            ranges = chunk_ranges(bounds, [chunk[0] for chunk in chunks])
            for chunk, (first, last) in zip(chunks, ranges, strict=True):
                chunk[0], chunk[1] = first, last
            data = write(meta)
            name = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
            rewritten.append((about, meta_path, name, data))
    except (OSError, ValueError, KeyError, IndexError, TypeError, cbor2.CBORDecodeError) as error:
        raise UnexpectedIndex(f"Pagefind 索引的元数据不是 1.6.0 的格式（{error}）：运行 make "
                              "node_modules 安装锁定的版本后重建。") from error
    for about, _, name, data in rewritten:  # the new files first, then the entry naming them
        (output / f"pagefind.{name}.pf_meta").write_bytes(data)
        about["hash"] = name
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
    for _, meta_path, name, _ in rewritten:  # then the old ones, which nothing names any more
        if meta_path.name != f"pagefind.{name}.pf_meta":
            meta_path.unlink()


def read(path: Path) -> Any:
    """Return the CBOR of one of Pagefind's gzipped files."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path.name} 不以 {SIGNATURE.decode()} 开头")
    return cbor2.loads(raw[len(SIGNATURE):])


def write(value: Any) -> bytes:
    """Return `value` as Pagefind writes its files: signature, CBOR, gzip (no time stamp)."""
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)
