"""`content/site.yaml`: site-wide settings (title, publisher, profile, repository URL)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from generator.diagnostics import Diagnostic, Severity


@dataclass(frozen=True)
class SiteConfig:
    """Settings of the whole site; every field has a default so a missing file still works."""

    title: str = "项目支出绩效自评公开"
    publisher: str = ""
    region: str = ""
    profile: str = "national"
    repository_url: str | None = None
    site_url: str = "http://127.0.0.1:8000/"
    raise_to_error: tuple[str, ...] = field(default=())
    """Finding codes this site treats as errors (domain.md "Two kinds of problem")."""


_FIELDS = {"title", "publisher", "region", "profile", "repository_url", "site_url", "raise_to_error"}


def load_site(content: Path) -> tuple[SiteConfig, list[Diagnostic]]:
    """Return the settings in `content/site.yaml` (defaults when absent) and any problems."""
    path = content / "site.yaml"
    if not path.is_file():
        return SiteConfig(), []
    shown = path.as_posix()
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
    except (YAMLError, UnicodeDecodeError) as exc:
        return SiteConfig(), [Diagnostic("S120", Severity.ERROR, shown, 1, 1,
                                         f"site.yaml 无法读取：{exc}", hint="请检查 YAML 语法。")]
    if not isinstance(data, dict):
        return SiteConfig(), [Diagnostic("S120", Severity.ERROR, shown, 1, 1,
                                         "site.yaml 应为键值映射。", hint="请参照 README 填写。")]
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        return SiteConfig(), [Diagnostic("S120", Severity.ERROR, shown, 1, 1,
                                         f"site.yaml 中有未知字段：{'、'.join(unknown)}。",
                                         hint="允许的字段：" + "、".join(sorted(_FIELDS)) + "。")]
    values = {k: v for k, v in data.items() if v is not None or k == "repository_url"}
    values["raise_to_error"] = tuple(values.get("raise_to_error") or ())
    return SiteConfig(**values), []
