"""Both cores for the per-record work (issue 16): record files parsed in worker processes.

Records are independent until the site model, so parsing is spread over a process pool when
there are enough files to pay for it; the results come back in the files' order, so the output
is the same bytes as a serial build. Small builds (and the test suite) stay in one process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from generator.read.gcpause import paused_collector
from generator.read.load import Loaded, load_bytes, load_file
from generator.read.recordcache import RecordCache

PARALLEL_FROM = 500
"""Fewer files than this are parsed in this process: a pool costs more than it saves."""

RELEASE_EVERY = 1000
"""Records taken from the loading workers between two `release_free_memory` calls."""


def worth_forking(jobs: int, count: int, least: int | None = None) -> bool:
    """Return whether `count` independent tasks go to `jobs` forked processes: two or more
    processes, at least `least` tasks (default `PARALLEL_FROM`: fewer cost more to fork for
    than they save), and a system that forks (a spawned worker would re-run
    `python -m generator`, whose __main__ is unguarded)."""
    least = PARALLEL_FROM if least is None else least
    return jobs >= 2 and count >= least and "fork" in multiprocessing.get_all_start_methods()


def workers() -> int:
    """Return the number of worker processes: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Fork workers inside this: the objects alive now are moved out of the cyclic garbage
    collector's reach (`gc.freeze`) until the block ends, so a forked worker's collections never
    walk (and so never copy) the parent's whole heap: about 1 s CPU of a 1,000-record build."""
    already = gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if not already:  # what `settle` froze stays frozen
            gc.unfreeze()


def settle() -> None:
    """Move every object alive now out of the cyclic collector's reach for good: the loaded
    records live until the build ends, and every later collection would walk them again (on
    10,000 records, a rebuild spent a tenth of its time there). Then hand the heap's free
    pages back to the system (`release_free_memory`)."""
    gc.freeze()
    release_free_memory()


@lru_cache(maxsize=1)
def _trim() -> Callable[[int], int] | None:
    """Return glibc's `malloc_trim`, or None on another C library."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


def release_free_memory() -> None:
    """Return the free pages inside the C heap to the system (glibc's `malloc_trim`; nothing
    elsewhere). The loading workers' results arrive in large pickles, and the packed records'
    pickles go to the spill file (`scoring.packed`): what they occupied is free but, left
    between the records that stay, still counted as this process's memory (at 10,000 records,
    80 of 172 MiB after loading)."""
    trim = _trim()
    if trim is not None:
        trim(0)


_THEN: Callable[[Loaded], Loaded] | None = None
"""What the workers do with each file they parsed (`load_all`'s `then`), set before they fork."""


def _after(loaded: Loaded) -> Loaded:
    return loaded if _THEN is None else _THEN(loaded)


def _parse(job: tuple[bytes, str]) -> Loaded:
    return _after(load_bytes(*job))


def _load(job: tuple[Path, str]) -> Loaded:
    return _after(load_file(*job))


def load_all(files: Sequence[tuple[Path, str]], cache: RecordCache | None,
             jobs: int | None = None,
             then: Callable[[Loaded], Loaded] | None = None) -> list[Loaded]:
    """Load (file, shown path) pairs in order, through `cache` when given, on `jobs` processes.

    `then` is applied, in the worker, to each file the workers parse (not to the cache's hits,
    nor to a build in one process): the pipeline's per-record work that needs no other record
    (`rules.check.checked_here`: record rules and scoring), done on every core."""
    global _THEN
    jobs = workers() if jobs is None else jobs
    if not worth_forking(jobs, len(files)):
        if cache is None:
            return [load_file(f, s) for f, s in files]
        with paused_collector():
            return [cache.load(f, s) for f, s in files]
    chunk = max(16, len(files) // (jobs * 8))
    _THEN = then  # the workers fork with it
    try:
        # The collector is paused here and in the workers (they fork with it paused): parsing,
        # checking and scoring a record leave no cycle (a worker stays at 60 MiB over 10,000
        # records either way), and the collections walking the records piling up here cost this
        # process 2 s of CPU at 10,000 records and the workers 3 s (`read/gcpause.py`).
        with paused_collector(), frozen_heap(), ProcessPoolExecutor(
                max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            if cache is None:
                return list(pool.map(_load, files, chunksize=chunk))
            probed = cache.probe_all(files)
            misses = [(data, shown) for data, (_, shown) in zip(probed, files, strict=True)
                      if isinstance(data, bytes)]
            parsed = pool.map(_parse, misses, chunksize=chunk)  # every chunk submitted
            del misses  # each chunk's bytes are let go once it is parsed
            # Taken as they arrive: each record goes to the cache (and its pickle to the spill
            # file, `RecordCache.remember`) and the bytes it was parsed from are let go, so
            # this process never holds every parsed record whole, nor every file's bytes.
            out = []
            for number, (found, (file, shown)) in enumerate(zip(probed, files, strict=True)):
                if isinstance(found, Loaded):
                    out.append(found)
                elif isinstance(found, bytes):
                    out.append(cache.remember(shown, next(parsed)))
                else:
                    out.append(load_file(file, shown))
                probed[number] = None
                if number % RELEASE_EVERY == RELEASE_EVERY - 1:
                    release_free_memory()
    finally:
        _THEN = None
    return out
