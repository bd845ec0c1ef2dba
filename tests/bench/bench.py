"""Benchmarks: `make bench`. Measures, never asserts (issue 16, item 4).

For each N (`BENCH_SIZES`, default 1000 10000 50000) it writes N synthetic records spread over
five years and measures, in the same run and on the same files (the site steps only up to
`BENCH_SITE_UP_TO` records, default 10,000):
- the floor: parsing every file with libyaml (PyYAML's CSafeLoader), nothing else;
- `python -m generator build` (load, validate, score, render, downloads): time, peak memory,
  and the ratio to the floor; then again after changing one record (the one-record rebuild),
  and once more after changing another (the second rebuild, which starts from the spare tree);
- where a cold build's CPU goes, stage by stage, in one process (`stage_bench.py`): each stage
  against the floor, and the least wall time any build of these stages could take on this
  machine's cores (their sum over the cores), as a multiple of the floor;
- `mkdocs build` and the Pagefind index: time and peak memory; the number of pages and the
  largest HTML page;
- the search: bytes a visitor's browser fetches under /pagefind/ for a cold query (Debian
  chromium), for a few queries, and the largest; and, per query, the records grep finds in the
  record files against those the search lists as holding every term (missed and added);
- shards: the last two years built as separate sites side by side (generator, MkDocs and
  Pagefind timed for each), then searched from the last one's box: the cold query's bytes over
  both indexes, and whether a record of each shard is found there.
Each child's peak memory is its own maximum resident set (wait4). Results go to stdout and
`.bench/results.json`, with the machine (cores, load average) beside them.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from generator.importers.emit import emit_record  # noqa: E402
from generator.importers.synth import synth_records  # noqa: E402
from generator.read.parallel import workers  # noqa: E402
from generator.site.searchindex import index_site  # noqa: E402
from tests.bench.stage_bench import measure as measure_stages  # noqa: E402

SIZES = tuple(int(a) for a in sys.argv[1:]) or (1000, 10000, 50000)
YEARS = (2019, 2020, 2021, 2022, 2023)
SITE_UP_TO = int(os.environ.get("BENCH_SITE_UP_TO", "10000"))
"""Above this N only the generator is measured: a MkDocs build of 50,000 pages takes hours on
the 2-core machine (docs/performance.md says which figures exist)."""
QUERIES = ("煤矿安全监管", "示例市水利局", "验收合格率", "政务信息化运维经费", "大气污染", "问题整改率",
           "2023年", "示例市")
"""The last two are words every synthetic record holds (the heaviest a query can ask for)."""
RECALL_QUERIES = (*QUERIES, "运维", "运维 服务", "养护")
"""Recall is also asked of compounds the synthetic records hold in many contexts."""


def write_content(folder: Path, count: int) -> list[Path]:
    """Write `count` synthetic records over five years; return their files."""
    (folder / "records").mkdir(parents=True)
    (folder / "site.yaml").write_text("title: 基准测试\nprofile: national\n", encoding="utf-8")
    files = []
    for position, year in enumerate(YEARS):
        share = count // len(YEARS) + (1 if position < count % len(YEARS) else 0)
        target = folder / "records" / str(year)
        target.mkdir()
        for data in synth_records(share, seed=year, year=year):
            path = target / f"{data['id']}.yaml"
            path.write_text(emit_record(data), encoding="utf-8")
            files.append(path)
    return files


def libyaml_floor(files: list[Path]) -> tuple[float, float]:
    """Return the seconds and CPU seconds libyaml takes to read and parse every file."""
    start, cpu = time.perf_counter(), time.process_time()
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start, time.process_time() - cpu


def run(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Run a command from the repository root; return (seconds, CPU seconds, peak MiB).

    CPU seconds (user + system of the process) are beside the wall time because the machine is
    shared: under load the wall time measures the neighbours as much as the build."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, env=full_env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{output.decode(errors='replace')}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def grep_records(files: list[Path], query: str) -> set[str]:
    """Return the record pages (records/<year>/<id>/) whose file contains every term of the
    query: what grep finds."""
    terms = query.split()
    return {f"records/{path.parent.name}/{path.stem}/" for path in files
            if all(t in path.read_text(encoding="utf-8") for t in terms)}


EVERY_RECORD = r"""async (term) => {
    const pagefind = await import("./pagefind/pagefind.js");
    const found = await pagefind.search(window.jxSearchTerms(term));  // as the box asks
    const terms = term.split(/\s+/).filter(Boolean).map((t) => t.toLowerCase());
    const full = [];
    for (const d of await Promise.all(found.results.map((r) => r.data()))) {
        if (!d.meta.records) { continue; }
        const listed = JSON.parse(d.meta.records);
        const content = d.raw_content;
        const words = content.indexOf("\u200B") >= 0 ? content.split("\u200B") : content.split(/[\r\n\s]+/g);
        const starts = (d.anchors || []).map((a) => a.location);
        for (const sub of d.sub_results) {
            const anchor = /#r(\d+)$/.exec(sub.url || "");
            if (!anchor || !sub.anchor) { continue; }
            const after = starts.filter((at) => at > sub.anchor.location);
            const text = words.slice(sub.anchor.location, after.length ? Math.min(...after) : undefined)
                .join("").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")
                .replace(/\s+/g, "").toLowerCase();
            if (terms.every((t) => text.indexOf(t) >= 0)) { full.push(listed[Number(anchor[1]) - 1][0]); }
        }
    }
    return full;
}"""
"""The records the search lists as holding every term of a query, as the box judges them
(theme/javascripts/search.js `entries`): every search document found, every sub-result."""


@contextlib.contextmanager
def served_browser(folder: Path) -> Iterator[tuple[str, Any]]:
    """Serve `folder` on 127.0.0.1 and yield its URL with a Debian chromium (Playwright)."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import serve
    from tests.conftest import LAUNCH_ARGS

    with serve(folder) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
        try:
            yield url, browser
        finally:
            browser.close()


def recall(site: Path, files: list[Path]) -> dict[str, dict[str, int]]:
    """Return, per query, the records grep finds and how many of them the search lists as
    holding every term (`found`), misses and adds."""
    measured = {}
    with served_browser(site) as (url, browser):
        page = browser.new_page()
        page.goto(url)
        for query in RECALL_QUERIES:
            grep = grep_records(files, query)
            found = set(page.evaluate(EVERY_RECORD, query))
            measured[query] = {"records_grep": len(grep), "found": len(found & grep),
                               "missed": len(grep - found), "added": len(found - grep)}
    return measured


def first_query_kib(site: Path, start: str = "") -> tuple[dict[str, float], dict[str, int]]:
    """Return, per query, the KiB a cold browser fetches under /pagefind/ (every index it
    searches) to show the first results from the box of the page `start` of the served `site`,
    and the number of search documents found (a page, or a group of records)."""
    sizes: dict[str, float] = {}
    found: dict[str, int] = {}
    with served_browser(site) as (url, browser):
        for query in QUERIES:
            context = browser.new_context()
            page = context.new_page()
            fetched: list[Any] = []
            pending: set[Any] = set()
            page.on("request", lambda request, busy=pending: busy.add(request))
            page.on("requestfinished", lambda request, got=fetched, busy=pending: (
                got.append(request), busy.discard(request)))
            page.on("requestfailed", lambda request, busy=pending: busy.discard(request))
            page.goto(url + start)
            page.wait_for_load_state("networkidle")
            page.keyboard.press("s")
            status = _ask(page, query)
            found[query] = int("".join(ch for ch in status.split("（")[0] if ch.isdigit()) or 0)
            if found[query]:
                page.locator(".jx-search__result").first.wait_for()
            quiet = 0  # the results' fragments: wait until nothing is in flight for a second
            while quiet < 10:
                page.wait_for_timeout(100)
                quiet = quiet + 1 if not pending else 0
            total = sum(r.sizes()["responseBodySize"] for r in fetched if "/pagefind/" in r.url)
            sizes[query] = round(total / 1024, 1)
            context.close()
    return sizes, found


def _ask(page: Any, query: str) -> str:
    """Type `query` into the open search box; return the status line once it has answered."""
    page.locator("[data-jx-search-input]").fill(query)
    status = page.locator("[data-jx-search-status]")
    status.filter(has_text="找到 ").or_(status.filter(has_text="没有找到")).wait_for()
    page.locator("[data-jx-search-results][aria-busy=false]").wait_for(state="attached")
    return str(status.inner_text())


def found_from_one_box(shards: Path, box: int, years: tuple[int, ...]) -> dict[str, bool]:
    """Return, for each shard's year, whether the search box of the `box` shard lists a record of
    that shard first when asked for its title with the filter 年度 set to the year."""
    found: dict[str, bool] = {}
    with served_browser(shards) as (url, browser):
        page = browser.new_page()
        page.goto(f"{url}{box}/")
        page.keyboard.press("s")
        page.locator("[data-jx-search-filter='年度']").focus()  # its values load on first use
        for year in years:
            record = min((shards / str(year) / "records" / str(year)).glob("*/index.html"))
            title = re.search(r'<h1 id="top">([^<]+)</h1>', record.read_text(encoding="utf-8"))
            assert title is not None, record
            page.locator(f"[data-jx-search-filter='年度'] option[value='{year}']").wait_for(
                state="attached")
            page.locator("[data-jx-search-filter='年度']").select_option(str(year))
            _ask(page, html.unescape(title.group(1)))
            first = page.locator(".jx-search__link").first.get_attribute("href") or ""
            found[str(year)] = first.startswith(f"/{year}/records/{year}/")
    return found


def largest_page(site: Path) -> tuple[int, float, str]:
    """Return the number of HTML pages, the largest one's KiB and its path."""
    pages = [(p.stat().st_size, p) for p in site.rglob("*.html")]
    size, path = max(pages)
    return len(pages), round(size / 1024, 1), path.relative_to(site).as_posix()


def largest_markdown(docs: Path) -> float:
    """Return the KiB of the largest Markdown page the generator wrote (before MkDocs)."""
    return round(max(p.stat().st_size for p in docs.rglob("*.md")) / 1024, 1)


def change_one_record(files: list[Path], which: int = 2) -> None:
    """Change one record's text the way an officer would (a corrected deviation text): the
    record at 1/`which` of the files."""
    path = files[len(files) // which]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("已完成", "已按期完成", 1), encoding="utf-8")


def bench(count: int) -> dict[str, Any]:
    """Measure every figure for N records."""
    with tempfile.TemporaryDirectory() as tmp:
        content, docs, site = Path(tmp) / "content", Path(tmp) / "docs", Path(tmp) / "site"
        files = write_content(content, count)
        floor, floor_cpu = libyaml_floor(files)
        build = [sys.executable, "-m", "generator", "build", "--content", str(content),
                 "--out", str(docs)]
        generator_s, generator_cpu, generator_mib = run(build)
        change_one_record(files)
        rebuild_s, rebuild_cpu, _ = run(build)
        # and again: from the second rebuild on, the tree writer starts from its spare tree
        change_one_record(files, 3)
        again_s, again_cpu, _ = run(build)
        stages = measure_stages(content, count, workers())
        generated = {
            "records": count, "years": len(YEARS),
            "libyaml_floor_s": round(floor, 2), "libyaml_floor_cpu_s": round(floor_cpu, 2),
            "generator_s": round(generator_s, 2), "generator_cpu_s": round(generator_cpu, 2),
            "generator_vs_floor_s": round(generator_s / floor, 1),
            "generator_vs_floor_cpu": round(generator_cpu / floor_cpu, 1),
            "generator_peak_mib": round(generator_mib, 1),
            "one_record_rebuild_s": round(rebuild_s, 2),
            "one_record_rebuild_cpu_s": round(rebuild_cpu, 2),
            "rebuild_vs_full_cpu": round(rebuild_cpu / generator_cpu, 2),
            "second_rebuild_s": round(again_s, 2), "second_rebuild_cpu_s": round(again_cpu, 2),
            "second_rebuild_vs_full_cpu": round(again_cpu / generator_cpu, 2),
            "largest_markdown_kib": largest_markdown(docs),
            **stages,
        }
        if count > SITE_UP_TO:
            return {**generated, "site": f"not built: {count} > BENCH_SITE_UP_TO={SITE_UP_TO}"}
        mkdocs_s, mkdocs_cpu, mkdocs_mib = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                                    "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                                   {"JX_DOCS_DIR": str(docs)})
        start = time.perf_counter()
        indexed = index_site(site)
        if indexed.problem is not None:
            raise SystemExit(indexed.problem + "\n" + indexed.output)
        pagefind_s = time.perf_counter() - start
        pages, largest_kib, largest = largest_page(site)
        queries, found = first_query_kib(site)
        recalled = recall(site, files)
        sharded = shard(content, Path(tmp))
        return {**generated, **sharded,
            "mkdocs_s": round(mkdocs_s, 1), "mkdocs_cpu_s": round(mkdocs_cpu, 1),
            "mkdocs_peak_mib": round(mkdocs_mib, 1),
            "pagefind_s": round(pagefind_s, 1), "pages": pages,
            "largest_page_kib": largest_kib, "largest_page": largest,
            "first_query_kib_max": max(queries.values()), "first_query_kib": queries,
            "documents_found": found, "recall": recalled,
        }


def shard(content: Path, scratch: Path) -> dict[str, Any]:
    """Build the last two years as shards side by side (`make site SHARD=…` does the same for
    each); time each step of each; search both from the last one's box."""
    built: dict[str, Any] = {}
    years = YEARS[-2:]
    shards = scratch / "shards"
    for year in years:
        docs, site = scratch / f"shard-docs-{year}", shards / str(year)
        generator_s, _, _ = run([sys.executable, "-m", "generator", "build", "--content",
                                 str(content), "--out", str(docs), "--year", str(year), "--no-cache"])
        others = " ".join(f"../{y}/pagefind/" for y in years if y != year)
        mkdocs_s, _, mkdocs_mib = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                                       "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                                      {"JX_DOCS_DIR": str(docs), "JX_SEARCH_SHARDS": others})
        start = time.perf_counter()
        if index_site(site).problem is not None:
            raise SystemExit("pagefind failed on the shard")
        pagefind_s = time.perf_counter() - start
        built[str(year)] = {
            "generator_s": round(generator_s, 1), "mkdocs_s": round(mkdocs_s, 1),
            "mkdocs_peak_mib": round(mkdocs_mib, 1), "pagefind_s": round(pagefind_s, 1),
            "total_s": round(generator_s + mkdocs_s + pagefind_s, 1)}
    queries, _ = first_query_kib(shards, f"{years[-1]}/")
    return {"shards": built, "shards_first_query_kib": queries,
            "shards_first_query_kib_max": max(queries.values()),
            "shards_found_from_one_box": found_from_one_box(shards, years[-1], years)}


def machine() -> dict[str, Any]:
    """Return the machine the figures were measured on, and its load."""
    return {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(), "platform": platform.platform()}


def main() -> None:
    """Measure every size, print each row as it completes, write .bench/results.json."""
    results = []
    out = ROOT / ".bench"
    out.mkdir(exist_ok=True)
    for count in SIZES:
        before = machine()
        row = bench(count)
        row["machine_before"], row["machine_after"] = before, machine()
        results.append(row)
        print("  ".join(f"{k}={v}" for k, v in row.items()), flush=True)
        (out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                                          encoding="utf-8")


if __name__ == "__main__":
    main()
