"""Printed values are escaped once, by `_finalize` (issue 16): the renderer compiles `{{ x }}`
without Jinja's `escape` around it, and every page must read exactly as Jinja's own compilation
(`environment(plain=True)`) makes it, hostile text included."""

from __future__ import annotations

from decimal import Decimal

import pytest
from markupsafe import Markup

from generator.pipeline import build
from generator.site.render import RenderedPages, environment
from tests.sitebuild import content_with_hostile


class _Odd:
    """A value of no known type whose text is markup: printed, it must be escaped."""

    def __str__(self) -> str:
        return '<i onclick="x">&</i>'


VALUES = {
    "text": '<script>alert("x")</script> & \'q\'\n第二行',
    "odd": _Odd(),
    "number": -7,
    "flag": True,
    "amount": Decimal("1234.50"),
    "markup": Markup("<b>已审</b>"),
    "nothing": None,
    "items": ["<x>", "&"],
    "ratio": 0.5,
}


def test_every_kind_of_value_prints_as_under_jinjas_own_escaping() -> None:
    source = "".join(f"[{{{{ {name} }}}}]" for name in VALUES)
    ours = environment().from_string(source).render(**VALUES)
    jinja = environment(plain=True).from_string(source).render(**VALUES)
    assert ours == jinja
    assert "<script>" not in ours and "<i " not in ours and "<x>" not in ours
    assert "&lt;script&gt;" in ours and "&lt;i onclick=&#34;x&#34;&gt;&amp;&lt;/i&gt;" in ours
    assert "[<b>已审</b>]" in ours and "[-7]" in ours and "[1234.50]" in ours


def test_autoescape_blocks_and_macros_still_compile_as_jinja_does() -> None:
    source = ("{% macro m(x) %}<{{ x }}>{% endmacro %}{{ m(text) }}"
              "{% autoescape false %}{{ raw }}{% endautoescape %}{% set s %}{{ text }}{% endset %}"
              "{{ s }}")
    values = {"text": "<a>", "raw": "<raw>"}
    ours = environment().from_string(source).render(**values)
    assert ours == environment(plain=True).from_string(source).render(**values)
    # `_finalize` escapes author text even where autoescape is off
    assert ours.count("&lt;a&gt;") == 2 and "&lt;raw&gt;" in ours


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> RenderedPages:
    """The pages of the seed, the hostile record and synthetic records of three more years."""
    generated = build(content_with_hostile(tmp_path_factory.mktemp("hostile") / "content"))
    assert generated.files is not None, [d.message for d in generated.diagnostics]
    return next(made for made in generated.files._made  # type: ignore[attr-defined]
                if isinstance(made, RenderedPages))


def test_every_page_is_the_same_as_under_jinjas_own_escaping(
        pages: RenderedPages) -> None:
    ours = {path: pages.render(path) for path in pages}
    pages._env = environment(plain=True)  # type: ignore[attr-defined]
    jinja = {path: pages.render(path) for path in pages}
    assert len(ours) > 50
    different = [path for path in ours if ours[path] != jinja[path]]
    assert different == []
    hostile = next(page for path, page in ours.items() if "hostile" in path)
    assert b"<script>" not in hostile and b"&lt;script&gt;" in hostile


def test_printed_values_are_compiled_without_a_second_escape() -> None:
    source = "{{ text }}{% autoescape false %}{{ raw }}{% endautoescape %}"
    ours = environment().compile(source, raw=True)
    jinja = environment(plain=True).compile(source, raw=True)
    assert "escape(environment.finalize(" in jinja
    assert "yield environment.finalize(" in ours and "escape(" not in ours
