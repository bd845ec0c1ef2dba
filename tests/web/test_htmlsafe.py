"""Escaping of author text: exact outputs for the hostile cases of issue 4 item 4 and issue 7 item 3."""

from __future__ import annotations

import pytest

from generator.site.htmlsafe import front_matter_string, html_text, safe_href


@pytest.mark.parametrize(("text", "expected"), [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
    ('"引号" & \'单引号\'', "&#34;引号&#34; &amp; &#39;单引号&#39;"),
    ("第一行\n\n第二行\r\n第三行", "第一行<br><br>第二行<br>第三行"),
    ("控制\x02字符\x03和\u2028分隔", "控制字符和分隔"),
    ("{{ 7*7 }} {% raw %}", "{{ 7*7 }} {% raw %}"),
    ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
])
def test_html_text_escapes_and_keeps_one_line(text: str, expected: str) -> None:
    assert str(html_text(text)) == expected


def test_front_matter_string_is_yaml_of_escaped_html() -> None:
    assert front_matter_string('<b>"a"\\b</b>\n第二行') == '"&lt;b&gt;&#34;a&#34;\\\\b&lt;/b&gt; 第二行"'


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.example.gov.cn/a.pdf", "https://www.example.gov.cn/a.pdf"),
    ("http://example.org/x?y=1#z", "http://example.org/x?y=1#z"),
    ("HTTPS://EXAMPLE.ORG/", "HTTPS://EXAMPLE.ORG/"),
    ("javascript:alert(1)", None),
    ("JavaScript:alert(1)", None),
    (" javascript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("//example.org/x", None),
    ("/relative/path", None),
    ("https://", None),
    ("https://exa mple.org/", None),
    ("https://example.org/\x00", None),
    ("http://[::1", None),
    ("", None),
    (None, None),
])
def test_safe_href_links_only_http_and_https(url: str | None, expected: str | None) -> None:
    assert safe_href(url) == expected
