"""The site's derived MkDocs configuration (`build/mkdocs.yml`), read alike by MkDocs and Zensical.

`mkdocs.yml` in the repository holds what never changes (theme, plugins, nav); the settings of
one site (its name, address, favicon) live in `content/site.yaml`. Zensical ignores `hooks:`,
so instead of handing them over in a hook, `jixiao mkdocs-config` writes a small file that
`INHERIT`s the repository's configuration and sets them, with every path relative to itself
(both tools resolve paths against the configuration file; Zensical requires `docs_dir` and
`site_dir` below it). `make site` builds from that file.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import escape
from ruamel.yaml import YAML

from generator.read.siteconfig import SiteConfig
from generator.site.settings import contact_line

LOCAL_SITE_URL = "http://127.0.0.1:8000/"
"""The default `site_url`: fine for a preview, wrong for a published site."""

FAVICON_TARGET = "assets/favicon"
"""Where the publisher's favicon is copied inside the docs folder (its suffix is kept)."""


@dataclass(frozen=True)
class Layout:
    """Where the derived configuration goes and what it points at (paths as given)."""

    base: Path
    out: Path
    docs: Path
    site: Path


def _rel(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()


def _load_base(base: Path) -> dict[str, Any]:
    yaml = YAML(typ="safe", pure=True)
    # `!ENV [NAME, default]` (MkDocs' environment tag): only the shape matters here.
    yaml.constructor.add_constructor("!ENV", lambda loader, node: None)
    data = yaml.load(base.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def favicon_name(site: SiteConfig) -> str | None:
    """Return the favicon's path inside the docs folder, or None for the theme's own."""
    if not site.favicon:
        return None
    return FAVICON_TARGET + Path(site.favicon).suffix.lower()


def derived_config(site: SiteConfig, layout: Layout) -> str:
    """Return the text of the derived configuration file."""
    here = layout.out.parent
    base = _load_base(layout.base)
    theme: dict[str, Any] = {}
    custom_dir = (base.get("theme") or {}).get("custom_dir")
    if isinstance(custom_dir, str):
        theme["custom_dir"] = _rel(layout.base.parent / custom_dir, here)
    icon = favicon_name(site)
    if icon is not None:
        theme["favicon"] = icon
    settings: dict[str, Any] = {
        "INHERIT": _rel(layout.base, here),
        # Material prints site_name into HTML unescaped; it comes from content, so escape it.
        "site_name": str(escape(site.title)),
        "site_url": site.site_url,
        "docs_dir": _rel(layout.docs, here),
        "site_dir": _rel(layout.site, here),
        "hooks": [],  # everything a build needs is in this file: none needed, Zensical reads none
    }
    contact = contact_line(site)
    if contact:  # the footer line; Material prints it unescaped, so escape it here
        settings["copyright"] = str(escape(contact))
    if theme:
        settings["theme"] = theme
    lines = [f"# Written by `jixiao mkdocs-config` from {layout.base.as_posix()} and site.yaml;",
             "# rewritten by every `make site`: edit those instead. MkDocs and Zensical read it."]
    lines += [f"{key}: {_scalar(value)}" for key, value in settings.items() if key != "theme"]
    if theme:
        lines.append("theme:")
        lines += [f"  {key}: {_scalar(value)}" for key, value in theme.items()]
    return "\n".join(lines) + "\n"


def _scalar(value: Any) -> str:
    """Return a YAML flow scalar: JSON strings and lists are valid YAML, quoted and escaped."""
    return json.dumps(value, ensure_ascii=False)
