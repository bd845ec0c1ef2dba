"""The text a Word paragraph shows when printed, read from its XML.

- Tracked changes are taken as accepted: insertions (`w:ins`, `w:moveTo`) in, deletions
  (`w:del`, `w:delText`, `w:moveFrom`) out; a deleted table row is dropped and a deleted
  paragraph mark inside a cell joins its paragraph with the next (`word.py`).
- Hidden text (`w:vanish`, `w:specVanish`, directly, through the run's character style or the
  paragraph's style, or the document defaults) is left out, as Word prints it.
- Fields show their result, never their instruction: `w:fldSimple` by its runs, complex
  fields (`w:fldChar` begin … separate … end) by the runs after `separate`; `w:instrText`
  is never read. Nested fields follow the same rule.
- Content controls (`w:sdt`) show their content (a control still showing its placeholder
  is blank); smart tags, custom XML, hyperlinks and bidi wrappers show their runs; ruby
  (拼音指南) shows its base text.

The reader records where it met tracked changes or hidden text so the importer can say so.
"""

from __future__ import annotations

from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    """Return a WordprocessingML tag with its namespace."""
    return f"{{{W}}}{tag}"


_WRAPPERS = frozenset(w(t) for t in ("hyperlink", "smartTag", "customXml", "fldSimple", "bdo",
                                     "dir", "ins", "moveTo", "sdtContent"))
_DELETED = frozenset(w(t) for t in ("del", "moveFrom"))
_CHARS = {w("tab"): "\t", w("ptab"): "\t", w("br"): "\n", w("cr"): "\n",
          w("noBreakHyphen"): "-", w("softHyphen"): ""}


def _on(el: Any) -> bool | None:
    """Return a toggle property's value (None when the element is absent)."""
    if el is None:
        return None
    return el.get(w("val"), "true").lower() not in ("0", "false", "off")


def _vanish(rpr: Any) -> bool | None:
    if rpr is None:
        return None
    for tag in ("vanish", "specVanish"):
        value = _on(rpr.find(w(tag)))
        if value is not None:
            return value
    return None


class Styles:
    """Hidden-text settings of the document's styles, with their `basedOn` chains."""

    def __init__(self, root: Any | None) -> None:
        self._vanish: dict[str, bool | None] = {}
        self._based: dict[str, str] = {}
        self.default_vanish: bool | None = None
        self.default_paragraph = ""
        if root is None:
            return
        defaults = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        self.default_vanish = _vanish(defaults)
        for style in root.iter(w("style")):
            sid = str(style.get(w("styleId"), ""))
            self._vanish[sid] = _vanish(style.find(w("rPr")))
            based = style.find(w("basedOn"))
            if based is not None:
                self._based[sid] = str(based.get(w("val"), ""))
            if style.get(w("type")) == "paragraph" and \
                    style.get(w("default"), "0").lower() in ("1", "true"):
                self.default_paragraph = sid

    def chain(self, sid: str) -> bool | None:
        """Return the first vanish setting up a style's `basedOn` chain (None: not set)."""
        seen: set[str] = set()
        while sid and sid not in seen:
            seen.add(sid)
            value = self._vanish.get(sid)
            if value is not None:
                return value
            sid = self._based.get(sid, "")
        return None

    def hidden(self, rpr: Any, paragraph_style: str) -> bool:
        """Return True when a run with properties `rpr` in a paragraph of that style is hidden."""
        direct = _vanish(rpr)
        if direct is not None:
            return direct
        run_style = rpr.find(w("rStyle")) if rpr is not None else None
        for value in (self.chain(str(run_style.get(w("val"), ""))) if run_style is not None else None,
                      self.chain(paragraph_style), self.default_vanish):
            if value is not None:
                return value
        return False


class TextReader:
    """Reads paragraphs; `revised` and `hidden` say what the last reads met."""

    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self.fields: list[bool] = []
        """Open complex fields, innermost last: True once past `separate` (showing the result)."""
        self.revised = False
        self.hidden = False

    def paragraph(self, p: Any) -> str:
        """Return the text a paragraph shows."""
        ppr = p.find(w("pPr"))
        pstyle = ppr.find(w("pStyle")) if ppr is not None else None
        style = str(pstyle.get(w("val"), "")) if pstyle is not None else self.styles.default_paragraph
        parts: list[str] = []
        self._walk(p, parts, style)
        return "".join(parts)

    def _walk(self, el: Any, parts: list[str], style: str) -> None:
        for child in el:
            tag = child.tag
            if tag == w("r"):
                self._run(child, parts, style)
            elif tag in _DELETED:
                self.revised = True
            elif tag in _WRAPPERS:
                self.revised = self.revised or tag in (w("ins"), w("moveTo"))
                self._walk(child, parts, style)
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None and not placeholder(child):
                    self._walk(content, parts, style)
            elif tag == w("ruby"):
                base = child.find(w("rubyBase"))
                if base is not None:
                    self._walk(base, parts, style)

    def _run(self, r: Any, parts: list[str], style: str) -> None:
        hidden = self.styles.hidden(r.find(w("rPr")), style)
        for child in r:
            tag = child.tag
            if tag == w("fldChar"):
                self._field(str(child.get(w("fldCharType"), "")))
                continue
            if not all(self.fields):
                continue  # inside a field instruction: never shown
            text = _run_text(child, tag)
            if text and hidden:
                self.hidden = True
            elif text:
                parts.append(text)

    def _field(self, kind: str) -> None:
        if kind == "begin":
            self.fields.append(False)
        elif kind == "separate" and self.fields:
            self.fields[-1] = True
        elif kind == "end" and self.fields:
            self.fields.pop()


def _run_text(child: Any, tag: str) -> str:
    if tag == w("t"):
        return str(child.text or "")
    if tag == w("sym"):
        code = str(child.get(w("char"), ""))
        try:
            value = int(code, 16)
        except ValueError:
            return ""
        return chr(value) if 0x20 <= value < 0xE000 or value > 0xF8FF else ""
    return _CHARS.get(tag, "")


def placeholder(sdt: Any) -> bool:
    pr = sdt.find(w("sdtPr"))
    return pr is not None and _on(pr.find(w("showingPlcHdr"))) is True
