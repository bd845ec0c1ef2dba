"""Fixtures of the intake tests: ruled Word tables, LibreOffice conversions, HTML pages, PDFs.

LibreOffice is slow (seconds per call): `convert` converts many files in one call, and the
tests convert once per session.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from tests.importfixtures import Grid, boxes, build_docx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def ruled_docx(path: Path, blocks: list[str | Grid], page_break_before: int | None = None) -> None:
    """Write a document whose tables are ruled (as published) and whose rows never split.

    `page_break_before` starts the block with that index on a new page.
    """
    build_docx(path, blocks)
    document = Document(str(path))
    for table in document.tables:
        table.style = "Table Grid"
        for row in table.rows:
            properties = row._tr.get_or_add_trPr()
            properties.append(OxmlElement("w:cantSplit"))
    document.add_paragraph("")  # Word always ends a document with a paragraph, even after a table
    if page_break_before is not None:
        body = document.element.body
        blocks_xml = [el for el in body.iterchildren() if el.tag in (qn("w:p"), qn("w:tbl"))]
        target = blocks_xml[page_break_before]
        breaker = OxmlElement("w:p")
        run = OxmlElement("w:r")
        br = OxmlElement("w:br")
        br.set(qn("w:type"), "page")
        run.append(br)
        breaker.append(run)
        target.addprevious(breaker)
    document.save(str(path))


def convert(sources: list[Path], to: str, out: Path) -> list[Path]:
    """Convert files with LibreOffice headless (one call, private profile); return the outputs."""
    assert SOFFICE is not None, "LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", to, "--outdir", str(out), *map(str, sources)],
                       check=True, capture_output=True, timeout=300)
    suffix = "." + to.split(":")[0]
    done = [out / (s.stem + suffix) for s in sources]
    missing = [p for p in done if not p.is_file()]
    assert not missing, f"LibreOffice did not write {missing}"
    return done


def html_table(grid: Grid, attrs: str = 'border="1"') -> str:
    """Return an HTML table printing the grid with rowspan/colspan (as a unit's site does)."""
    starts = {(b.row, b.col): b for b in boxes(grid)}
    lines = [f"<table {attrs}>"]
    for r in range(len(grid)):
        cells = []
        for c in range(len(grid[0])):
            box = starts.get((r, c))
            if box is None:
                continue
            span = (f' rowspan="{box.height}"' if box.height > 1 else "") + \
                   (f' colspan="{box.width}"' if box.width > 1 else "")
            cells.append(f"<td{span}>{_html_text(box.value)}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _html_text(value: Any) -> str:
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    if not text:
        return "&nbsp;"
    # inline tags and non-breaking spaces, as pages copied from Word print them
    return f'<span style="font-family:宋体">{text}</span>&nbsp;'


def minimal_pdf(pages: int, text_ops: bytes = b"") -> bytes:
    """Return a valid PDF of `pages` pages, each drawing `text_ops` (may be empty)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    for i in range(pages):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Contents {4 + 2 * i} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(text_ops) + text_ops + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
