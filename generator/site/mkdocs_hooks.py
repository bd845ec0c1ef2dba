"""MkDocs hooks (`hooks:` in mkdocs.yml): settings from content/site.yaml, live regeneration.

`on_config` takes site_name and site_url from the settings the generator wrote into the docs
folder, so `mkdocs.yml` need not repeat `content/site.yaml`. Under `mkdocs serve`, `on_pre_build`
re-runs the generator whenever a file below content/ changed (`make serve` watches content/).
Zensical ignores hooks: there the defaults of mkdocs.yml apply (stack-notes.md).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

from markupsafe import escape

from generator.model.diagnostics import Severity
from generator.site.settings import SETTINGS_FILE
from generator.site.treewrite import sync_tree

log = logging.getLogger("mkdocs.hooks.generator")
_state: dict[str, str] = {"command": "build", "fingerprint": ""}


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is `mkdocs serve`, the only case that regenerates."""
    _state["command"] = command


def on_config(config: Any) -> Any:
    """Apply site_name and site_url from content/site.yaml, as the generator recorded them."""
    settings_path = Path(config["docs_dir"]) / SETTINGS_FILE
    if not settings_path.is_file():
        return config
    settings = json.loads(settings_path.read_text(encoding="utf-8"))
    # Material prints site_name into HTML unescaped; it comes from content, so escape it here.
    config["site_name"] = str(escape(settings["site_name"]))
    config["site_url"] = settings["site_url"]
    if settings.get("contact"):  # Material prints the copyright line unescaped, too
        config["copyright"] = str(escape(settings["contact"]))
    return config


def content_dir(config: Any) -> Path:
    """Return the content folder: $JX_CONTENT, else `content` beside mkdocs.yml."""
    return Path(config["config_file_path"]).parent / os.environ.get("JX_CONTENT", "content")


def fingerprint(folder: Path) -> str:
    """Return a digest of every file's path and bytes below the folder."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def on_pre_build(config: Any) -> None:
    """Under `mkdocs serve`, regenerate the docs folder when content/ changed."""
    if _state["command"] != "serve":
        return
    content = content_dir(config)
    current = fingerprint(content)
    if current == _state["fingerprint"]:
        return
    _state["fingerprint"] = current
    # Imported here: `mkdocs build` needs none of the generator, only `mkdocs serve` does.
    from generator.pipeline import build

    generated = build(content)
    if generated.files is None:
        for d in generated.diagnostics:
            if d.severity is Severity.ERROR:
                log.error("%s", d.as_line())
        log.error("有 %d 个错误，未重新生成；修正后预览自动更新。", generated.errors)
        return
    changed = sync_tree(Path(config["docs_dir"]), generated.files)
    log.info("已重新生成：%d 个文件有变化。", changed)
