"""Benchmarks: `make bench`. Measures, never asserts: time and peak memory per stage.

Writes N synthetic records (generator.importers.synth), then times loading + validation and scoring in
this process, and the Markdown build and `mkdocs build` as subprocesses when the site exists.
Results go to stdout and `.bench/results.json`.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from generator.cli.options import load_paths  # noqa: E402
from generator.importers.emit import emit_record  # noqa: E402
from generator.importers.synth import synth_records  # noqa: E402
from generator.read.siteconfig import SiteConfig  # noqa: E402
from generator.rules.check import check  # noqa: E402
from generator.scoring import score_record  # noqa: E402
from generator.scoring.profile import load_profile  # noqa: E402

SIZES = tuple(int(a) for a in sys.argv[1:]) or (100, 1000)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def peak_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def write_content(folder: Path, count: int) -> None:
    records = folder / "records" / "2023"
    records.mkdir(parents=True)
    (folder / "site.yaml").write_text("title: 基准测试\nprofile: national\n", encoding="utf-8")
    for data in synth_records(count, seed=1):
        (records / f"{data['id']}.yaml").write_text(emit_record(data), encoding="utf-8")


def subprocess_stage(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    seconds, result = timed(lambda: subprocess.run(args, cwd=cwd, capture_output=True, text=True,
                                                   check=False, env=full_env))
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return float(seconds)


def bench(count: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        write_content(content, count)
        load_s, loaded = timed(lambda: load_paths([content]))
        check_s, checked = timed(lambda: check(loaded, SiteConfig()))
        profile = load_profile("national")
        score_s, _ = timed(lambda: [score_record(r, profile) for r in checked.records])
        row: dict[str, Any] = {"records": count, "load_s": round(load_s, 3),
                               "validate_s": round(check_s, 3), "score_s": round(score_s, 3),
                               "findings": len(checked.diagnostics),
                               "peak_rss_mib": round(peak_mib(resource.RUSAGE_SELF), 1)}
        if (ROOT / "generator" / "cli" / "cmd_build.py").is_file():
            docs, site = Path(tmp) / "docs", Path(tmp) / "site"
            row["build_md_s"] = round(subprocess_stage(
                [sys.executable, "-m", "generator", "build", "--content", str(content),
                 "--out", str(docs)], ROOT), 2)
            row["mkdocs_s"] = round(subprocess_stage(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
                 str(ROOT / "mkdocs.yml"), "-d", str(site)], ROOT, {"JX_DOCS_DIR": str(docs)}), 2)
            pages = list(site.rglob("index.html"))
            row["pages"] = len(pages)
            row["max_page_kib"] = round(max(p.stat().st_size for p in pages) / 1024, 1)
            row["search_index_kib"] = round(
                (site / "search" / "search_index.json").stat().st_size / 1024, 1)
            row["children_peak_rss_mib"] = round(peak_mib(resource.RUSAGE_CHILDREN), 1)
        return row


def main() -> None:
    results = [bench(n) for n in SIZES]
    for row in results:
        print("  ".join(f"{k}={v}" for k, v in row.items()))
    out = ROOT / ".bench"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
