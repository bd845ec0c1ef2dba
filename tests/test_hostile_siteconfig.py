"""content/site.yaml arrives by pull request too, and its values reach every page: hostile cases.

MkDocs and Material print `site_url` into HTML attributes without escaping, so a `site_url` of
`http://x/"><script>…` put a script on every page before site.yaml was checked.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.read.siteconfig import Contact, SiteConfig, load_site
from tests.conftest import CONTENT

GOOD = CONTENT.joinpath("site.yaml").read_text(encoding="utf-8")
URL_LINE = "site_url: http://127.0.0.1:8000/\n"

BAD = [
    ("url-breaks-out-of-attribute", URL_LINE,
     'site_url: "http://127.0.0.1:8000/\\"><script>alert(1)</script>/"\n', (1, 1),
     "site.yaml 的 site_url 不是可用的网址"),
    ("url-javascript", URL_LINE, "site_url: javascript:alert(1)\n", (1, 1),
     "site.yaml 的 site_url 不是可用的网址：javascript:alert(1)。"),
    ("url-without-host", URL_LINE, "site_url: http:///x\n", (1, 1),
     "site.yaml 的 site_url 不是可用的网址"),
    ("repository-javascript", "repository_url: null ", "repository_url: 'javascript:alert(1)' ",
     (1, 1), "site.yaml 的 repository_url 不是可用的网址"),
    ("title-is-a-list", "title: 项目支出绩效自评公开\n", "title: [a, b]\n", (1, 1),
     "site.yaml 的 title 应为文本。"),
    ("alias-bomb", "title: 项目支出绩效自评公开\n",
     "x: &a [lol, lol]\ny: &b [*a, *a]\ntitle: *b\n", (2, 4), "site.yaml 无法读取：不允许使用 YAML 锚点（&a）。"),
    ("python-tag", "title: 项目支出绩效自评公开\n", "title: !!python/object/apply:os.system [id]\n",
     (2, 8), "site.yaml 无法读取：不允许使用 YAML 标签"),
    ("raise-to-error-number", URL_LINE, URL_LINE + "raise_to_error: 5\n", (1, 1),
     "site.yaml 的 raise_to_error 应为规则代码列表"),
    ("raise-to-error-junk", URL_LINE, URL_LINE + "raise_to_error: [T101, '<b>']\n", (1, 1),
     "site.yaml 的 raise_to_error 应为规则代码列表"),
    ("contact-not-a-mapping", URL_LINE, URL_LINE + "contact: 0994-1234567\n", (1, 1),
     "site.yaml 的 contact 应为键值映射"),
    ("contact-unknown-field", URL_LINE, URL_LINE + "contact: {fax: '1'}\n", (1, 1),
     "site.yaml 的 contact 中有未知字段：fax。"),
    ("contact-phone-script", URL_LINE, URL_LINE + "contact: {phone: '<script>'}\n", (1, 1),
     "site.yaml 的 contact.phone 不像电话号码"),
    ("contact-email-quote", URL_LINE, URL_LINE + "contact: {email: 'a\"@b.cn'}\n", (1, 1),
     "site.yaml 的 contact.email 不像电子邮件地址"),
    ("contact-address-number", URL_LINE, URL_LINE + "contact: {address: 5}\n", (1, 1),
     "site.yaml 的 contact.address 应为文本。"),
    ("nul-byte", "title: 项目支出绩效自评公开", "title: 项目\0公开", (2, 10),
     "site.yaml 无法读取：第 2 行第 10 列有不允许的字符 U+0000"),
]


def _content(tmp_path: Path, old: str, new: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    assert GOOD.count(old) == 1, old
    content.joinpath("site.yaml").write_text(GOOD.replace(old, new), encoding="utf-8")
    return content


@pytest.mark.parametrize(("name", "old", "new", "position", "message"), BAD, ids=[b[0] for b in BAD])
def test_hostile_site_yaml_is_an_error_and_nothing_is_built(
        name: str, old: str, new: str, position: tuple[int, int], message: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    content = _content(tmp_path, old, new)
    site, problems = load_site(content)
    assert site == SiteConfig()
    assert [(d.code, d.line, d.column) for d in problems] == [("S120", *position)]
    assert problems[0].message.startswith(message)
    out = tmp_path / "docs"
    assert main(["build", "--content", str(content), "--out", str(out)]) == 1
    assert not out.exists()
    assert "未生成网站" in capsys.readouterr().err


def test_a_symlinked_site_yaml_is_not_read(tmp_path: Path) -> None:
    content = _content(tmp_path, URL_LINE, URL_LINE)
    secret = tmp_path / "secret.yaml"
    secret.write_text("ghp_token: 1\n", encoding="utf-8")
    content.joinpath("site.yaml").unlink()
    content.joinpath("site.yaml").symlink_to(secret)
    _, problems = load_site(content)
    assert [(d.code, d.message) for d in problems] == [
        ("S120", "site.yaml 无法读取：文件是符号链接，出于安全不读取。")]


def test_contact_is_read_with_every_part_optional(tmp_path: Path) -> None:
    content = _content(tmp_path, URL_LINE, URL_LINE + "contact:\n  phone: 0994-1234567 转 8\n"
                       "  email: office@example.gov.cn\n")
    site, problems = load_site(content)
    assert problems == []
    assert site.contact == Contact(address="", phone="0994-1234567 转 8", email="office@example.gov.cn")


def test_a_plain_https_site_url_is_accepted(tmp_path: Path) -> None:
    content = _content(tmp_path, URL_LINE, "site_url: https://jixiao.example.gov.cn/2021/\n")
    site, problems = load_site(content)
    assert problems == [] and site.site_url == "https://jixiao.example.gov.cn/2021/"
