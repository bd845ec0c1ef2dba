"""The two YAML readers agree: libyaml's events (PyYAML, the fast one) and ruamel.yaml (the
reference, and the fallback without PyYAML's libyaml) give the same node tree, the same
diagnostics and the same records on every YAML file of the tests, on hostile bytes and on
generated near-records (generator/read/fastyaml.py says which files the fast reader leaves to
the reference one)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml.nodes import ScalarNode as RuamelScalar
from ruamel.yaml.resolver import VersionedResolver

from generator.read import fastyaml
from generator.read.load import load_bytes
from generator.read.nodes import shape
from generator.read.yamlread import MAX_DEPTH, read_yaml
from tests.conftest import ROOT
from tests.test_fuzz import FUZZ, mutated_base, yamlish
from tests.test_hostile import byte_cases
from tests.test_loader import BAD_INPUTS

SHOWN = "content/records/2021/2021-readers.yaml"
YAML_FILES = sorted(p for p in (ROOT / "tests").rglob("*.y*ml")
                    if p.suffix in (".yaml", ".yml") and "node_modules" not in p.parts)
INPUTS = ([(p.relative_to(ROOT).as_posix(), p.read_bytes()) for p in YAML_FILES]
          + [(f"bytes.yaml:{case.name}", case.data) for case in byte_cases()]
          + [(f"test_loader:{name}", data) for name, data, _ in BAD_INPUTS])


def assert_same(data: bytes) -> None:
    """Both readers give the same tree or errors, and the same loaded record or diagnostics."""
    fast, reference = read_yaml(data, SHOWN), read_yaml(data, SHOWN, fast=False)
    assert fast.errors == reference.errors
    assert (fast.node is None) == (reference.node is None)
    if fast.node is not None and reference.node is not None:
        assert shape(fast.node) == shape(reference.node)
    loaded, expected = load_bytes(data, SHOWN), load_bytes(data, SHOWN, fast=False)
    assert loaded.diagnostics == expected.diagnostics
    assert repr(loaded.record) == repr(expected.record)  # repr keeps each Decimal's places


def test_pyyaml_has_libyaml() -> None:
    """PyYAML is a dependency and its wheels carry libyaml: the fast reader is the one in use."""
    assert fastyaml.AVAILABLE


@pytest.mark.parametrize(("name", "data"), INPUTS, ids=[name for name, _ in INPUTS])
def test_readers_agree_on_test_yaml(name: str, data: bytes) -> None:
    assert_same(data)


def test_fast_reader_reads_the_clean_files_itself() -> None:
    """The agreement above means something: the fast reader built the tree of every record
    fixture that loads clean (not only handing files to the reference reader)."""
    clean = [data for _, data in INPUTS if load_bytes(data, SHOWN).record is not None]
    assert len(clean) > 40
    for data in clean:
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        if "\t" not in text:
            assert fastyaml.fast_tree(text, MAX_DEPTH) is not None


@pytest.mark.parametrize("text", [
    "{a:1}\n", "[a:b]\n", "{a: b?c}\n", "{a: [b:c]}\n", "[? a]\n", "a: b:c\n", 'a: "\\/"\n',
    "%YAML 1.1\n---\na: yes\n", "%YAML 1.2\n---\na: 1\n", "%TAG !e! tag:e.com,2000:\n---\na: 1\n",
    "a: 1\n...\n", "a: 1\n...\n---\nb: 2\n", "---\na: 1\n", "--- \n", "...\n", "~\n", "''\n",
    "a: &x 1\n", "a: *x\n", "a: ! 1\n", "a: !!str 1\n", "<<: {a: 1}\n", "'<<': 1\n",
    "a:\tb\n", "a: 'x\ty'\n", "a: [1, 2, {b: c}]\n", "? [a]\n: 1\n", "? a\n", "a: |\n  x\n\n",
    "a: >-\n  x\n  y\n", "a: \"\\x41\\u4e2d\"\n", "a: '\\'\n", "a: \"\\'\"\n", "[[[[[[[[[[[[1]]]]]]]]]]]]\n",
    "[[[[[[[[[[[[[1]]]]]]]]]]]]]\n", "a: [\n", "a: 'x\n", "- a\nb: c\n", "a: 1\na: 2\n",
])
def test_readers_agree_on_edge_cases(text: str) -> None:
    assert_same(text.encode("utf-8"))


@FUZZ
@given(mutated_base())
def test_readers_agree_on_mutated_records(data: bytes) -> None:
    assert_same(data)


@FUZZ
@given(yamlish())
def test_readers_agree_on_yamlish_text(data: bytes) -> None:
    assert_same(data)


FLOW_ATOMS = ["{", "}", "[", "]", ", ", ": ", ":", "?", "? ", "a", "1", "'q'", '"d"', "#c", " ",
              "-", "- ", "\n", "  ", "null", "1.5", "0o7", "..."]


@FUZZ
@given(st.lists(st.sampled_from(FLOW_ATOMS), max_size=30))
def test_readers_agree_on_flow_fragments(atoms: list[str]) -> None:
    assert_same(("k: " + "".join(atoms) + "\n").encode("utf-8"))


SCALARS = ["", "~", "null", "Null", "NULL", "nULL", "none", "true", "yes", "on", "y", "0", "-0",
           "+1", "1_000", "0b101", "0o17", "017", "08", "0x1F", "0xg", "1.5", "1.", ".5", "-.5",
           "1e5", "1.0e+5", "1e", ".inf", "-.Inf", ".NaN", ".nan", "+.nan", "1:30", "190:20:30",
           "2021-01-01", "1,000", "85.00", "-", "+", ".", "_", "1_", "٣", "１", "1 ", "1\n"]
RESOLVER = VersionedResolver(version=(1, 2))


def ruamel_reading(value: str) -> str:
    tag = str(RESOLVER.resolve(RuamelScalar, value, (True, False)))
    return {"tag:yaml.org,2002:null": "null", "tag:yaml.org,2002:int": "int",
            "tag:yaml.org,2002:float": "float"}.get(tag, "")


@pytest.mark.parametrize("value", SCALARS)
def test_plain_scalars_resolve_as_ruamel_resolves_yaml_1_2(value: str) -> None:
    assert fastyaml.resolve(value) == ruamel_reading(value)


@FUZZ
@given(st.text(alphabet="0123456789+-._eEoxXbBaAfF:~nNulLiInN ", max_size=8))
def test_generated_plain_scalars_resolve_as_ruamel_does(value: str) -> None:
    assert fastyaml.resolve(value) == ruamel_reading(value)
