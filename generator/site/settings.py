"""The settings file the generator writes into the docs folder for the MkDocs hooks.

MkDocs takes site_name and site_url from it (`mkdocs_hooks.on_config`), so `mkdocs.yml` need not
repeat `content/site.yaml`. Written by `generator.pipeline`, read by the hooks: this module sits
between them so that neither imports the other for it.
"""

from __future__ import annotations

import json

from generator.read.siteconfig import SiteConfig

SETTINGS_FILE = ".site.json"
"""Its name in the docs folder; MkDocs skips dot files."""


def contact_line(site: SiteConfig) -> str:
    """Return the publisher and its contact on one line, for the page footer ("" when none)."""
    c = site.contact
    parts = [f"发布单位：{site.publisher}" if site.publisher else "",
             f"地址：{c.address}" if c.address else "", f"电话：{c.phone}" if c.phone else "",
             f"电子邮件：{c.email}" if c.email else ""]
    return " · ".join(p for p in parts if p)


def settings_json(site: SiteConfig) -> bytes:
    """Return the settings MkDocs takes from `content/site.yaml`."""
    settings = {"site_name": site.title, "site_url": site.site_url, "publisher": site.publisher,
                "region": site.region, "contact": contact_line(site)}
    return (json.dumps(settings, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
