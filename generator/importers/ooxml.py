"""Office Open XML packages (.docx, .xlsx) read within bounds.

Every part is checked against its declared uncompressed size before a byte is inflated
(a zip bomb is refused by its directory, M121); Python's zipfile then stops at that size and
checks the CRC, so a part cannot grow past what it declared. XML is parsed without DTDs,
entities or network access, and a document type declaration is refused outright. A part that
is missing, corrupt or not well-formed XML is M123 naming the part.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from typing import Any

from lxml import etree

from generator.importers.grid import ImportProblem
from generator.importers.limits import MAX_ELEMENTS, MAX_PACKAGE_BYTES, MAX_PART_BYTES, too_big

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAX_MEMBERS = 10_000


def broken(message: str) -> ImportProblem:
    """Return the M123 problem for a damaged package."""
    return ImportProblem("M123", message, None,
                         "文件已损坏或不是 Office 保存的文件；请用 Word、Excel 或 WPS 打开并另存后再导入。")


PARSE: dict[str, Any] = {"resolve_entities": False, "no_network": True, "load_dtd": False,
                         "huge_tree": False, "remove_comments": True, "remove_pis": True}
"""lxml options: no DTD, no entities, no network, lxml's default size and depth limits."""


def refuse_doctype(data: bytes, name: str) -> None:
    """Raise M123 when a part declares a document type or entities (never in Office files)."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise broken(f"文件内部的“{name}”含有文档类型声明（DOCTYPE），Office 文件不会有，拒绝读取。")


class Package:
    """A zip package whose parts are read by name, each within the bounds of `limits`."""

    def __init__(self, data: bytes, opened: ImportProblem) -> None:
        """Open `data`; raise `opened` (an M101 naming the expected format) when it is no zip."""
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise opened from None
        if len(infos) > _MAX_MEMBERS:
            raise broken(f"压缩包内有 {len(infos)} 个文件，超过上限 {_MAX_MEMBERS}。")
        self._names = {info.filename.lower(): info for info in infos}
        self._read = 0

    def has(self, name: str) -> bool:
        """Return True when the package holds the part (names compare case-insensitively)."""
        return name.lower() in self._names

    def read(self, name: str) -> bytes:
        """Return a part's bytes, refusing it before inflating when it is too large."""
        info = self._names.get(name.lower())
        if info is None:
            raise broken(f"文件内部缺少“{name}”。")
        if info.file_size > MAX_PART_BYTES:
            raise too_big(f"文件内部的“{name}”", info.file_size, MAX_PART_BYTES)
        if self._read + info.file_size > MAX_PACKAGE_BYTES:
            raise too_big("文件内部读取的各部分合计", self._read + info.file_size, MAX_PACKAGE_BYTES)
        self._read += info.file_size
        try:
            return self._zip.read(info)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError,
                EOFError, ValueError):
            raise broken(f"文件内部的“{name}”无法解压（已损坏、加密或用了不支持的压缩方式）。") from None

    def xml(self, name: str) -> Any:
        """Return the root element of an XML part, refusing one of more than MAX_ELEMENTS."""
        data = self.read(name)
        refuse_doctype(data, name)
        try:
            parsing = etree.iterparse(io.BytesIO(data), events=("start",), **PARSE)
            for count, _item in enumerate(parsing, start=1):
                if count > MAX_ELEMENTS:
                    raise ImportProblem("M122", f"文件内部的“{name}”有超过 {MAX_ELEMENTS} 个元素。",
                                        None, "文件过于庞大；请把它拆成几个文件再导入。")
            return parsing.root
        except etree.XMLSyntaxError as exc:
            raise broken(f"文件内部的“{name}”不是合法的 XML（{xml_place(exc)}）。") from None

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Return rId → (type, part name) of a part's relationships ({} when it has none)."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels):
            return {}
        found: dict[str, tuple[str, str]] = {}
        for rel in self.xml(rels).iter(f"{{{REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = str(rel.get("Target", ""))
            name = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(folder, target))
            found[str(rel.get("Id", ""))] = (str(rel.get("Type", "")), name)
        return found

    def related(self, part: str, kind: str) -> str | None:
        """Return the first part related to `part` whose type ends with `/kind`."""
        for rel_type, name in self.relationships(part).values():
            if rel_type.endswith("/" + kind):
                return name
        return None


def xml_place(exc: Any) -> str:
    """Return where an lxml syntax error is, in Chinese."""
    line, column = (exc.position if getattr(exc, "position", None) else (0, 0))
    message = re.sub(r", line \d+, column \d+$", "", str(getattr(exc, "msg", exc)))
    return f"第 {line} 行第 {column} 列：{message}"
