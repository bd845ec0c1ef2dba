"""Import benchmarks (`make bench`): time and peak memory of hostile and large Office files.

Measures, never asserts. Each case is built in a temporary folder and imported in a child
process (`import --dry-run`), whose peak resident memory comes from `os.wait4`. Results go to
stdout and `.bench/import.json`. The cases are the reproductions of issue 11: an .xlsx with
2,000 formatted blank rows and a styled cell at XFD1 (138 s before), a 1.5 MB zip bomb of
1.6 GB (1.6 GB of memory before), a sheet of 10,000 text rows and a document of 100 tables.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.importfixtures import build_docx, build_xlsx, national_grid, seed_record  # noqa: E402
from tests.officexml import rewrite  # noqa: E402

SHEET = "xl/worksheets/sheet1.xml"


def formatted_blanks(path: Path) -> None:
    build_xlsx(path, [("表", [national_grid(seed_record("2021-cj-coal-network-ops"))])])
    rows = "".join(f'<row r="{r}" s="1" customFormat="1"><c r="A{r}" s="1"/><c r="XFD{r}" s="1"/></row>'
                   for r in range(40, 2040))
    rewrite(path, SHEET, "</sheetData>", rows + "</sheetData>")


def zip_bomb(path: Path) -> None:
    formatted_blanks(path)
    with zipfile.ZipFile(path) as source:
        items = [(i, source.read(i)) for i in source.infolist() if i.filename != SHEET]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info, data in items:
            target.writestr(info, data)
        with target.open(SHEET, "w", force_zip64=True) as out:
            chunk = b"\0" * (1 << 24)
            for _ in range(96):  # 1.5 GiB of zeros, about 1.5 MB compressed
                out.write(chunk)


def many_rows(path: Path) -> None:
    record = seed_record("2021-cj-coal-network-ops")
    build_xlsx(path, [("表", [national_grid(record)])])
    rows = "".join(f'<row r="{r}"><c r="J{r}" t="inlineStr"><is><t>备注{r}</t></is></c></row>'
                   for r in range(40, 10040))
    rewrite(path, SHEET, "</sheetData>", rows + "</sheetData>")


def many_tables(path: Path) -> None:
    record = seed_record("2021-cj-coal-network-ops")
    build_docx(path, [national_grid(record)] * 100)


CASES = {"xlsx-2000-formatted-blank-rows": ("xlsx", formatted_blanks),
         "xlsx-zip-bomb-1.5GiB": ("xlsx", zip_bomb),
         "xlsx-10000-text-rows": ("xlsx", many_rows),
         "docx-100-tables": ("docx", many_tables)}


def measure(source: Path) -> dict[str, object]:
    """Import `source` in a child process; return seconds, peak MiB and the exit code."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "generator", "import", str(source), "--out",
                              str(source.parent / "out"), "--dry-run"], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    err = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    return {"seconds": round(seconds, 2), "peak_mib": round(usage.ru_maxrss / 1024, 1),
            "exit": os.waitstatus_to_exitcode(status), "first_line": err.splitlines()[:1],
            "bytes": source.stat().st_size}


def main() -> None:
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (suffix, build) in CASES.items():
            source = Path(tmp) / f"{name}.{suffix}"
            build(source)
            results[name] = measure(source)
            print(f"{name}: {results[name]}", flush=True)
    out = ROOT / ".bench"
    out.mkdir(exist_ok=True)
    (out / "import.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n",
                                     encoding="utf-8")


if __name__ == "__main__":
    main()
