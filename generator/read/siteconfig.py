"""`content/site.yaml`: site-wide settings (title, publisher, profile, repository URL)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

from generator.model.diagnostics import Diagnostic, Severity
from generator.read.load import load_file
from generator.site.htmlsafe import safe_href


@dataclass(frozen=True)
class Contact:
    """How a reader reaches the publisher (`contact:` in site.yaml); each part optional."""

    address: str = ""
    phone: str = ""
    email: str = ""

    def __bool__(self) -> bool:
        """Return True when any part is given."""
        return bool(self.address or self.phone or self.email)


@dataclass(frozen=True)
class SiteConfig:
    """Settings of the whole site; every field has a default so a missing file still works."""

    title: str = "项目支出绩效自评公开"
    publisher: str = ""
    region: str = ""
    profile: str = "national"
    repository_url: str | None = None
    site_url: str = "http://127.0.0.1:8000/"
    favicon: str | None = None
    """The publisher's own favicon: a .png, .ico or .svg file below the content folder."""
    raise_to_error: tuple[str, ...] = field(default=())
    """Finding codes this site treats as errors (domain.md "Two kinds of problem")."""
    contact: Contact = field(default_factory=Contact)
    """The publisher's address, phone and mail, shown on the pages and in the footer."""


_FIELDS = {"title", "publisher", "region", "profile", "repository_url", "site_url", "raise_to_error",
           "favicon", "contact"}
_FAVICON = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*\.(png|ico|svg)")
_CONTACT_FIELDS = ("address", "phone", "email")
_PHONE = re.compile(r"[0-9+()（）\- 转]{5,40}")
_EMAIL = re.compile(r"[^@\s\"'<>`\\]+@[^@\s\"'<>`\\]+\.[^@\s\"'<>`\\]+")
_TEXT_FIELDS = ("title", "publisher", "region", "profile")
_URL_FIELDS = ("site_url", "repository_url")
_CODE = re.compile(r"[A-Z][0-9]{3}")
_URL_UNSAFE = re.compile(r"[\s\"'<>`\\{}|^]")
"""MkDocs and Material print site_url into HTML attributes unescaped: none of these may pass."""


def load_site(content: Path) -> tuple[SiteConfig, list[Diagnostic]]:
    """Return the settings in `content/site.yaml` (defaults when absent) and any problems.

    Read as strictly as a record (no tags, anchors, aliases, control characters; 1 MiB at
    most): the file arrives by pull request too, and its values reach every page.
    """
    path = content / "site.yaml"
    if not path.is_file():
        return SiteConfig(), []
    shown = path.as_posix()
    loaded = load_file(path, shown)  # for its reading checks only: the record schema does not apply
    read_errors = [d for d in loaded.diagnostics
                   if d.code[0] == "Y" and d.code not in ("Y009", "Y010")]  # shape: below
    if read_errors:
        first = read_errors[0]
        return SiteConfig(), [Diagnostic("S120", Severity.ERROR, shown, first.line, first.column,
                                         f"site.yaml 无法读取：{first.message}", hint=first.hint)]
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
    problem = _problem(data)
    if problem is not None:
        return SiteConfig(), [Diagnostic("S120", Severity.ERROR, shown, 1, 1, problem[0],
                                         hint=problem[1])]
    values = {k: v for k, v in data.items() if v is not None or k == "repository_url"}
    values["raise_to_error"] = tuple(values.get("raise_to_error") or ())
    values["contact"] = Contact(**{k: v for k, v in (values.get("contact") or {}).items()
                                   if v is not None})
    return SiteConfig(**values), []


def _problem(data: object) -> tuple[str, str] | None:
    """Return (message, hint) for the first thing wrong with the settings, or None."""
    if not isinstance(data, dict):
        return "site.yaml 应为键值映射。", "请参照 README 填写。"
    unknown = sorted(set(data) - _FIELDS, key=str)
    if unknown:
        return (f"site.yaml 中有未知字段：{'、'.join(map(str, unknown))}。",
                "允许的字段：" + "、".join(sorted(_FIELDS)) + "。")
    for name in _TEXT_FIELDS:
        if data.get(name) is not None and not isinstance(data[name], str):
            return f"site.yaml 的 {name} 应为文本。", "请填写一段文字。"
    for name in _URL_FIELDS:
        value = data.get(name)
        if value is not None and not (isinstance(value, str) and web_url(value)):
            return (f"site.yaml 的 {name} 不是可用的网址：{str(value)[:60]}。",
                    "请填写以 http:// 或 https:// 开头、不含空格和引号的网址。")
    favicon = data.get("favicon")
    if favicon is not None and not (isinstance(favicon, str) and _FAVICON.fullmatch(favicon)
                                    and ".." not in favicon.split("/")):
        return (f"site.yaml 的 favicon 不是可用的图标路径：{str(favicon)[:60]}。",
                "请填写 content 文件夹内的 .png、.ico 或 .svg 文件的相对路径，例如 favicon.png。")
    contact = _contact_problem(data.get("contact"))
    if contact is not None:
        return contact
    codes = data.get("raise_to_error") or []
    if not isinstance(codes, list) or not all(isinstance(c, str) and _CODE.fullmatch(c)
                                              for c in codes):
        return "site.yaml 的 raise_to_error 应为规则代码列表，例如 [T101, F103]。", "请检查代码。"
    return None


def _contact_problem(contact: object) -> tuple[str, str] | None:
    """Return (message, hint) for the first thing wrong with `contact:`, or None."""
    hint = "例如：contact: {address: 某市某路 1 号, phone: 0994-1234567, email: office@example.gov.cn}"
    if contact is None:
        return None
    if not isinstance(contact, dict):
        return "site.yaml 的 contact 应为键值映射（address、phone、email）。", hint
    unknown = sorted(set(contact) - set(_CONTACT_FIELDS), key=str)
    if unknown:
        return f"site.yaml 的 contact 中有未知字段：{'、'.join(map(str, unknown))}。", hint
    for name in _CONTACT_FIELDS:
        value = contact.get(name)
        if value is not None and not isinstance(value, str):
            return f"site.yaml 的 contact.{name} 应为文本。", hint
    phone, email = contact.get("phone"), contact.get("email")
    if phone and not _PHONE.fullmatch(phone):
        return f"site.yaml 的 contact.phone 不像电话号码：{phone[:40]}。", "只用数字、空格、+、-、括号和“转”。"
    if email and not _EMAIL.fullmatch(email):
        return f"site.yaml 的 contact.email 不像电子邮件地址：{email[:60]}。", "例如 office@example.gov.cn。"
    return None


def web_url(url: str) -> bool:
    """Return True for an http(s) url with a host and no character that could leave an attribute."""
    return safe_href(url) is not None and _URL_UNSAFE.search(url) is None
