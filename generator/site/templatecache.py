"""Compiled templates kept between builds (`build/.cache/templates/`), an optimisation only.

Jinja2 compiles every template to Python on each build (a third of a second of CPU for the
site's templates); this bytecode cache keeps the compiled code, keyed by the page cache's salt
(the generator's code and data, Python's version), Jinja2's version and the template's name;
Jinja2 itself checks the template source's checksum. Like the other caches, an entry holds the
SHA-256 of its bytes: one that does not match (truncated, corrupted, foreign) is ignored and
the template compiled afresh, never trusted. Entries are written only once the writer took
the output folder (`PageCache.writing`).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from generator.read.checkedfile import read_checked, write_checked

if TYPE_CHECKING:
    from generator.site.pagecache import PageCache


class TemplateCache(BytecodeCache):
    """Jinja2 bytecode by template, digest-checked (see the module's docstring)."""

    def __init__(self, pages: PageCache) -> None:
        """Keep compiled templates beside the page cache `pages`."""
        self.pages = pages
        self.folder = pages.folder.parent / "templates"
        self.salt = pages.salt + b"\0" + jinja2.__version__.encode()

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """Return the entry's name: the salt and the template's name."""
        digest = hashlib.sha256(self.salt)
        digest.update(f"\0{name}\0{filename or ''}".encode())
        return digest.hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill `bucket` from its entry when the entry's digest matches its bytes."""
        data = read_checked(self.folder / bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # Jinja2 checks the source's checksum

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Store `bucket`'s code (atomically; a cache that cannot be written is only slower)."""
        if not self.pages.writing:
            return
        try:
            write_checked(self.folder / bucket.key, bucket.bytecode_to_string())
        except (OSError, TypeError, ValueError):
            return


def template_cache(pages: PageCache | None) -> TemplateCache | None:
    """Return the template cache beside `pages` (None without a page cache)."""
    return None if pages is None else TemplateCache(pages)
