"""Records written by emit.py read the same under YAML 1.1 (PyYAML) and YAML 1.2 (ruamel)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.importers.emit import emit_record, scalar
from generator.importers.synth import synth_records

TRICKY = ["yes", "No", "on", "OFF", "y", "n", "Y", "~", "null", "NULL", "true", "12:30",
          "1:20:30", "0o17", "0x1F", "0b101", "017", "0994", "1_000", "2021-01-01",
          "2021-1-1 10:00:00", "1e3", "+1", "-.5", ".inf", ".NaN", "<<", "=", "85.00", "100%",
          ">=95%", "2次", "≤85万元", "是", "- a", "a: b", "#x", "@x", "`x", "!x", "&x", "*x",
          "%x", "x #y", "[x]", "{x}", "?", "|", ">"]
_ALPHABET = st.characters(whitelist_categories=("Lu", "Ll", "Nd", "Lo", "Po", "Ps", "Pe", "Sm", "Pd"),
                          max_codepoint=0x9FFF)
TEXT = st.one_of(st.sampled_from(TRICKY), st.text(_ALPHABET, min_size=1, max_size=12),
                 st.builds(lambda a, b: f"{a}{b}", st.sampled_from(TRICKY),
                           st.text(_ALPHABET, max_size=4)))


def _both(text: str) -> tuple[Any, Any]:
    return yaml.safe_load(text), YAML(typ="safe", pure=True).load(text)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_every_scalar_reads_back_as_the_same_text(value: str) -> None:
    pyyaml, ruamel = _both(f"k: {scalar(value)}\n")
    assert pyyaml == ruamel == {"k": value}


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.lists(TEXT, min_size=3, max_size=3))
def test_every_emitted_record_reads_the_same_in_both(seed: int, texts: list[str]) -> None:
    record = synth_records(1, seed=seed)[0]
    record["title"], record["implementer"] = texts[0], texts[1]
    record["indicators"][0]["actual"] = texts[2]
    record["indicators"][0]["weight"] = Decimal("10.00")
    pyyaml, ruamel = _both(emit_record(record))
    assert pyyaml == ruamel
    assert (pyyaml["title"], pyyaml["implementer"], pyyaml["indicators"][0]["actual"]) == tuple(texts)


def test_the_schema_line_points_where_it_is_told() -> None:
    record = synth_records(1, seed=1)[0]
    assert emit_record(record).startswith(
        "# yaml-language-server: $schema=../../../generator/schema/record.schema.json\n")
    public = "https://jixiao.example.gov.cn/schema/record.schema.json"
    assert emit_record(record, public).startswith(f"# yaml-language-server: $schema={public}\n")
