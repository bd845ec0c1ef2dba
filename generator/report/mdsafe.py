"""Author text made inert inside GitHub-flavoured Markdown (pull-request comments, job summaries).

Titles, reasons, indicator names, values and file names come from whoever wrote the record or
opened the pull request. In the report they must read as the same characters and do nothing:
no link, image, raw HTML, emphasis, heading, list, table cell break, @-mention or autolink.

- The punctuation that starts Markdown inside a line is backslash-escaped (`\\ ` * _ [ ] < >
  & | ~ ! $`): CommonMark shows `\\[` as `[`, so the text looks the same while `[x](…)`,
  `![i](…)`, `<img …>`, `&amp;`, emphasis, `|` and `$math$` stay text. Digits, `.`, `%`, `-`
  and `:` are left alone: figures read as printed in the Markdown source too.
- GitHub turns `@name` into a mention and bare `http://…`, `www.…` and e-mail addresses into
  links after Markdown, on the text itself, where escapes are gone: a zero-width space (U+200B)
  after `@`, inside `://` and inside `www.` breaks them without changing what is shown.
- Line breaks and control characters become single spaces: one line, one table cell.
- Names shown as code (`md_code`) get a fence longer than any backtick run inside them.
"""

from __future__ import annotations

import re

from generator.site.htmlsafe import clean

_SIGNIFICANT = re.compile(r"([\\`*_\[\]<>&|~!$])")
"""Characters that open Markdown syntax inside a line (each may be backslash-escaped)."""
_ZWSP = "\u200b"
_AUTOLINK = re.compile(r"(@|:(?=//)|(?i:www)(?=\.))")


def md_text(text: str) -> str:
    """Return author text as inert Markdown on one line."""
    one_line = " ".join(clean(text).split())
    broken = _AUTOLINK.sub(lambda m: m.group(1) + _ZWSP, one_line)
    return _SIGNIFICANT.sub(r"\\\1", broken)


def md_code(text: str, cell: bool = False) -> str:
    """Return text as an inline code span that no backtick inside it can close.

    In a table `cell`, `|` is escaped even there: GFM splits cells before reading code spans.
    """
    one_line = " ".join(clean(text).split())
    if cell:
        one_line = one_line.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", one_line)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if one_line.startswith("`") or one_line.endswith("`") or longest else ""
    return f"{fence}{pad}{one_line}{pad}{fence}"
