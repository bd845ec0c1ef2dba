"""Where a cold build's CPU goes, stage by stage (`make bench`; issue 16). Measures, never asserts.

`python tests/bench/stage_bench.py CONTENT` builds CONTENT once, cold (a fresh record and page
cache in a scratch folder), in this one process pinned to one processor, and prints one JSON
object: the CPU seconds of each stage, beside the libyaml floor of the same files measured in
the same process just before. `bench.py` runs it for every N and reports each stage per record
and as a multiple of the floor.

The stages, in the order a build runs them:
- `parse`: reading every file and parsing it into our node tree (libyaml's events,
  `read/fastyaml.py`); measured in a pass of its own, then taken out of `load`;
- `schema`: the rest of loading: the schema walk, the frozen record, the record cache's probe;
- `rules`: every record's own rules, its score, and packing both (`rules.check.checked_here`,
  what the loading workers do after parsing);
- `model`: the git history, the rules across records, the site model, the feeds and the eager
  files (`pipeline.build`);
- `record_pages`, `other_pages`, `downloads`: making the files (rendering, rows, the page cache's
  writes), timed inside the tree writer as it reads each file's pieces;
- `writing`: the rest of the tree writer (files, manifest);
- `flush`: writing the record cache.
Their sum is the CPU a build needs in one process. On K cores no build can take less wall time
than that sum over K: `least_wall_vs_floor` is that bound as a multiple of the floor.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from generator.cli.options import load_paths  # noqa: E402
from generator.pipeline import build  # noqa: E402
from generator.read.load import record_files  # noqa: E402
from generator.read.recordcache import open_cache  # noqa: E402
from generator.read.siteconfig import load_site  # noqa: E402
from generator.read.yamlread import read_yaml  # noqa: E402
from generator.rules.check import checked_here  # noqa: E402
from generator.site.treewrite import write_tree  # noqa: E402


def kind_of(path: str) -> str:
    """Return the stage that makes the file at `path` (a path in the docs tree)."""
    if path.startswith("data/"):
        return "downloads"
    if path.startswith("records/"):
        return "record_pages"
    return "other_pages"


class TimedFiles(Mapping[str, bytes]):
    """The generated files, the CPU spent making each one's pieces added to `spent` by kind."""

    def __init__(self, files: Any, spent: Counter[str]) -> None:
        """Wrap `files` (`pipeline.SiteFiles`)."""
        self._files, self.spent = files, spent

    def chunks(self, path: str) -> Iterator[bytes]:
        """Return the file's pieces as the wrapped files make them, timing each."""
        kind = kind_of(path)
        pieces: Iterator[bytes] | None = None
        while True:
            start = time.process_time()
            try:
                if pieces is None:
                    pieces = iter(self._files.chunks(path))
                piece = next(pieces)
            except StopIteration:
                self.spent[kind] += time.process_time() - start
                return
            self.spent[kind] += time.process_time() - start
            yield piece

    def __getitem__(self, path: str) -> bytes:
        """Return the file's bytes (timed)."""
        return b"".join(self.chunks(path))

    def __contains__(self, path: object) -> bool:
        """Return whether `path` is a file."""
        return path in self._files

    def __iter__(self) -> Iterator[str]:
        """Iterate over the paths."""
        return iter(self._files)

    def __len__(self) -> int:
        """Return the number of files."""
        return sum(1 for _ in self._files)

    def identity(self, path: str) -> str | None:
        """Return the wrapped files' name for the bytes of `path`."""
        return self._files.identity(path)  # type: ignore[no-any-return]


def _cpu(action: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    start = time.process_time()
    result = action(*args, **kwargs)
    return result, time.process_time() - start


def stages(content: Path, scratch: Path) -> dict[str, float]:
    """Build `content` cold into `scratch` in this process; return each stage's CPU seconds."""
    found = record_files([content])
    files = [file for file, _ in found]
    spent: Counter[str] = Counter()

    def floor() -> None:
        for path in files:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

    _, spent["floor"] = _cpu(floor)

    def parse() -> None:
        for file, shown in found:
            read_yaml(file.read_bytes(), shown)

    _, spent["parse"] = _cpu(parse)
    settings = load_site(content)
    out = scratch / "docs"
    cache = open_cache(scratch / ".cache" / "records", settings[0].profile)
    loaded, load_cpu = _cpu(load_paths, [content], cache=cache, jobs=1, found=found)
    spent["schema"] = max(0.0, load_cpu - spent["parse"])
    then = checked_here(settings[0])
    loaded, spent["rules"] = _cpu(lambda: [then(item) for item in loaded])
    generated, spent["model"] = _cpu(build, content, loaded, None, cache, 1, settings=settings,
                                     found=found)
    if generated.files is None:
        raise SystemExit("the content has errors: no tree to time")
    timed = TimedFiles(generated.files, spent)
    _, tree_cpu = _cpu(write_tree, out, timed)
    spent["writing"] = max(0.0, tree_cpu - sum(spent[k] for k in
                                               ("record_pages", "other_pages", "downloads")))
    _, spent["flush"] = _cpu(cache.flush, 1)
    return {name: round(seconds, 2) for name, seconds in spent.items()}


STAGES = ("parse", "schema", "rules", "model", "record_pages", "other_pages", "downloads",
          "writing", "flush")


def summary(spent: Mapping[str, float], records: int, cores: int) -> dict[str, Any]:
    """Return the stages per record and against the floor, and the least wall time on `cores`."""
    floor = spent["floor"]
    total = sum(spent[name] for name in STAGES)
    return {
        "stage_cpu_s": {name: spent[name] for name in ("floor", *STAGES)},
        "stage_ms_per_record": {name: round(spent[name] / records * 1000, 3)
                                for name in ("floor", *STAGES)},
        "stage_vs_floor": {name: round(spent[name] / floor, 2) for name in STAGES},
        "one_process_cpu_s": round(total, 2),
        "one_process_vs_floor": round(total / floor, 2),
        "cores": cores,
        "least_wall_vs_floor": round(total / cores / floor, 2),
    }


def measure(content: Path, records: int, cores: int) -> dict[str, Any]:
    """Run this file on `content` in a child process; return `summary` of what it printed."""
    done = subprocess.run([sys.executable, __file__, str(content)], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    return summary(json.loads(done.stdout), records, cores)


def _one_processor() -> None:
    """Pin this process to one processor: every stage then runs here, none in a worker."""
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):  # not on Linux: `jobs=1` keeps the work here anyway
        return


def main(arguments: Iterable[str]) -> None:
    """Time the stages of a cold build of the content folder given; print them as JSON."""
    (content,) = arguments
    _one_processor()
    with tempfile.TemporaryDirectory() as scratch:
        print(json.dumps(stages(Path(content), Path(scratch))))


if __name__ == "__main__":
    main(sys.argv[1:])
