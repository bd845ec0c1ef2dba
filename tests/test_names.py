"""`name_key` (generator/model/names.py): one department or project however its name was typed."""

from __future__ import annotations

import unicodedata

from generator.model.names import name_key


def _folded(name: str) -> str:
    """The definition: NFKC, then every whitespace and invisible format character removed."""
    folded = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in folded
                   if not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Zs"))


def test_spacing_and_width_variants_are_one_name() -> None:
    printed = ("示例市水利局", "示例市水利局 ", "示例市\u00a0水利局", "示例市\u200b水利局", "\ufeff示例市水利局\n")
    assert {name_key(name) for name in printed} == {"示例市水利局"}
    assert name_key("ＡＢＣ１２３项目") == "ABC123项目"


def test_the_shortcut_for_names_with_nothing_to_drop_agrees_with_the_definition_everywhere() -> None:
    # every code point, between two ideographs: the fast path (str.isprintable) must never keep
    # a character the definition drops, nor the reverse
    for point in range(0x110000):
        if 0xD800 <= point < 0xE000:
            continue  # surrogates are not text
        name = "甲" + chr(point) + "乙"
        assert name_key.__wrapped__(name) == _folded(name), hex(point)
