"""The workbook-wide parts of an .xlsx: sheets and their visibility, shared strings, formats.

Read straight from the package XML (never through openpyxl, which builds every cell of the
used rectangle and has no bounds), each part within the limits of `ooxml.Package`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS

from generator.importers.grid import ImportProblem
from generator.importers.limits import MAX_STRINGS
from generator.importers.ooxml import DOC_REL_NS, PARSE, Package, broken, refuse_doctype, xml_place

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CJK_DATES = frozenset({*range(27, 37), *range(50, 59)})
"""Built-in format ids that are dates in Chinese Excel (年月日 formats)."""
CJK_DATE = "yyyy-mm-dd"


def q(tag: str) -> str:
    """Return a SpreadsheetML tag with its namespace."""
    return f"{{{NS}}}{tag}"


_T, _RPH = q("t"), q("rPh")


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its tab name, visibility and part name."""

    name: str
    hidden: bool
    part: str


@dataclass(frozen=True)
class Workbook:
    """What every sheet needs: shared strings, number formats per style, the date system."""

    sheets: tuple[Sheet, ...]
    strings: tuple[str, ...]
    formats: tuple[str, ...]
    """The number format of each cell style (`s` attribute), by index."""
    date1904: bool


def opened() -> ImportProblem:
    """Return the M101 problem for a file that is no .xlsx."""
    return ImportProblem("M101", "无法作为 Excel 工作簿（.xlsx）打开。", None,
                         "旧版 .xls 文件请先用 Excel 或 WPS 另存为 .xlsx。")


def read_workbook(package: Package) -> Workbook:
    """Read the workbook part and the parts it points to."""
    main = package.related("", "officeDocument") if package.has("_rels/.rels") else None
    main = main or "xl/workbook.xml"
    if not package.has(main):
        raise opened()
    root = package.xml(main)
    rels = package.relationships(main)
    sheets = []
    for el in root.iter(q("sheet")):
        rid = el.get(f"{{{DOC_REL_NS}}}id", "")
        if rid not in rels:
            raise broken(f"工作表“{el.get('name', '')}”在文件内部找不到其内容。")
        sheets.append(Sheet(str(el.get("name", "")), el.get("state", "visible") != "visible",
                            rels[rid][1]))
    pr = root.find(q("workbookPr"))
    date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
    strings = _strings(package, package.related(main, "sharedStrings"))
    formats = _formats(package, package.related(main, "styles"))
    return Workbook(tuple(sheets), strings, formats, date1904)


def rich_text(el: Any) -> str:
    """Return the text of a string item (`si`, `is`): its runs, without phonetic guides."""
    return "".join(t.text or "" for t in el.iter(_T) if t.getparent().tag != _RPH)


def _strings(package: Package, part: str | None) -> tuple[str, ...]:
    if part is None or not package.has(part):
        return ()
    data = package.read(part)
    refuse_doctype(data, part)
    found: list[str] = []
    try:
        for _event, el in etree.iterparse(io.BytesIO(data), tag=q("si"), **PARSE):
            found.append(rich_text(el))
            if len(found) > MAX_STRINGS:
                raise ImportProblem("M122", f"共享字符串超过上限 {MAX_STRINGS} 条。", None,
                                    "请确认文件是否正确。")
            clear(el)
    except etree.XMLSyntaxError as exc:
        raise broken(f"文件内部的“{part}”不是合法的 XML（{xml_place(exc)}）。") from None
    return tuple(found)


def clear(el: Any) -> None:
    """Free a parsed element and its already-parsed siblings (streaming stays small)."""
    el.clear()
    parent = el.getparent()
    while parent is not None and el.getprevious() is not None:
        del parent[0]


def _formats(package: Package, part: str | None) -> tuple[str, ...]:
    if part is None or not package.has(part):
        return ()
    root = package.xml(part)
    custom = {int(n.get("numFmtId", "-1")): str(n.get("formatCode", ""))
              for n in root.iter(q("numFmt")) if n.get("numFmtId", "").isdigit()}
    xfs = root.find(q("cellXfs"))
    formats: list[str] = []
    for xf in (xfs.iter(q("xf")) if xfs is not None else ()):
        number = xf.get("numFmtId", "0")
        formats.append(_format(int(number) if number.isdigit() else -1, custom))
    return tuple(formats)


def _format(number: int, custom: dict[int, str]) -> str:
    if number in custom:
        return custom[number]
    if number in BUILTIN_FORMATS:
        return str(BUILTIN_FORMATS[number])
    if number in _CJK_DATES:
        return CJK_DATE
    return f"[未知格式 {number}]"
