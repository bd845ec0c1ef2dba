"""Benchmark of the ledger: one record changed in N commits (default 500). Measures, never asserts.

`python tests/bench/ledger_bench.py [N]`: builds the history with `git fast-import` in a temporary
folder, then times `read_histories` (one `git log`, one `git cat-file --batch`, each blob parsed
once) and prints the seconds (wall clock, and CPU of this process: the machine's load does
not inflate it) and the number of amendments found.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from generator.ledger.record_ledger import read_histories  # noqa: E402

RECORD = "content/records/2021/2021-cj-coal-network-ops.yaml"


def fast_import_stream(text: str, count: int) -> bytes:
    """Return a fast-import stream of `count` commits, each changing the record's total."""
    parts: list[bytes] = []
    for n in range(count):
        body = text.replace("score: 98.56", f"score: {50 + n / 100:.2f}").encode()
        when = 1_660_000_000 + n * 3600
        message = f"commit {n}".encode()
        parts += [b"commit refs/heads/main\n",
                  f"committer bench <b@example.org> {when} +0000\n".encode(),
                  f"data {len(message)}\n".encode(), message, b"\n",
                  f"M 100644 inline {RECORD}\n".encode(), f"data {len(body)}\n".encode(), body,
                  b"\n"]
    return b"".join(parts)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    text = (ROOT / RECORD).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        repo = Path(folder)
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
        subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, check=True,
                       input=fast_import_stream(text, count))
        subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True)
        start, cpu = time.perf_counter(), time.process_time()
        found = read_histories([repo / RECORD])[repo / RECORD]
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"ledger: {count} commits on one record: {seconds:.2f} s ({cpu:.2f} s CPU in Python), "
          f"{len(found.amendments)} amendments")


if __name__ == "__main__":
    main()
