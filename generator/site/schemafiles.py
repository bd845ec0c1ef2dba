"""The JSON Schemas published on the site under `schema/`: the record and every JSON interface.

Shipped in `generator/schema/` with a relative `$id` (`schema/<name>`); published with the
site's address in front, so `$id` is the URL the file is served from and the
`# yaml-language-server: $schema=` line of a new record can point at it.
"""

from __future__ import annotations

import json
from importlib import resources
from urllib.parse import urljoin

SCHEMAS = ("record", "validate", "score", "diff", "records")
"""record: a record file; validate, score, diff: the commands' JSON; records: the downloads."""

FOLDER = "schema"


def shipped_text(name: str) -> str:
    """Return a shipped schema's text exactly as in the package."""
    file = resources.files("generator").joinpath("schema", f"{name}.schema.json")
    return file.read_text(encoding="utf-8")


def schema_url(site_url: str, name: str = "record") -> str:
    """Return the public address of a schema on the site."""
    return urljoin(site_url, f"{FOLDER}/{name}.schema.json")


def published_text(name: str, site_url: str) -> str:
    """Return a schema with its `$id` set to its public address."""
    document = json.loads(shipped_text(name))
    document["$id"] = schema_url(site_url, name)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def schema_tree(site_url: str) -> dict[str, bytes]:
    """Return the files of `schema/` in the docs tree."""
    return {f"{FOLDER}/{name}.schema.json": published_text(name, site_url).encode("utf-8")
            for name in SCHEMAS}
