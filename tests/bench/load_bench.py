"""Record loading against the libyaml floor (`make bench`): CPU per record, same process.

Measures, never asserts. Writes N synthetic records (`bench.write_content`, `LOAD_BENCH_SIZE`,
default 1000), then, twice each and in turn: the floor (every file parsed by PyYAML's
`CSafeLoader`, nothing else), `read.load.load_paths` with the fast reader (libyaml events,
`read/fastyaml.py`) and with the reference reader only (ruamel.yaml). Results go to stdout and
`.bench/load.json`, with the machine's load beside them.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.argv = sys.argv[:1]  # bench.py reads its sizes from the command line

import yaml  # noqa: E402

from generator.read import load  # noqa: E402
from tests.bench.bench import write_content  # noqa: E402

COUNT = int(os.environ.get("LOAD_BENCH_SIZE", "1000"))


def cpu_ms_per_record(files: list[Path], action: Callable[[], object]) -> float:
    """Return the best of two runs of `action` (called once per file list), in CPU ms per file."""
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return round(best / len(files) * 1000, 3)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        files = write_content(content, COUNT)
        load.load_paths([content])  # imports, the compiled schema
        floor = cpu_ms_per_record(files, lambda: [
            yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in files])
        fast = cpu_ms_per_record(files, lambda: load.load_paths([content]))
        reference = cpu_ms_per_record(files, lambda: load.load_paths([content], fast=False))
    row = {"records": COUNT, "libyaml_floor_cpu_ms": floor, "load_paths_cpu_ms": fast,
           "load_paths_reference_reader_cpu_ms": reference,
           "load_vs_floor_cpu": round(fast / floor, 2),
           "load_average": [round(x, 2) for x in os.getloadavg()]}
    print("  ".join(f"{k}={v}" for k, v in row.items()), flush=True)
    out = ROOT / ".bench"
    out.mkdir(exist_ok=True)
    (out / "load.json").write_text(json.dumps(row, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
