"""Fuzzing with hypothesis: the loader, the target/actual parser and the scorer never raise.

Runs are bounded and derandomized (the same examples every run, no example database), so the
suite stays fast and CI reproducible. A failure prints the smallest input that breaks.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.importers.emit import emit_record
from generator.model.diagnostics import Severity
from generator.model.record import Measure, Record
from generator.model.values import Kind, parse_cell
from generator.read.load import Loaded, load_bytes
from generator.read.siteconfig import SiteConfig
from generator.rules.check import check
from generator.scoring import score_record
from generator.scoring.profile import load_profile
from tests.conftest import ROOT

FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])
BASE = (ROOT / "tests" / "hostile" / "base.yaml").read_text(encoding="utf-8")
SHOWN = "content/records/2021/2021-fuzz.yaml"
PROFILES = [load_profile("national"), load_profile("linear-reverse")]

# Text a record may hold: no control characters, surrogates or line separators (S110, Y001).
SAFE_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30)
NAME = SAFE_TEXT.filter(lambda s: s.strip() != "")


def assert_sound_outcome(loaded: Loaded) -> None:
    """A record and no diagnostics, or no record and at least one error; positions from 1."""
    errors = [d for d in loaded.diagnostics if d.severity is Severity.ERROR]
    if loaded.record is None:
        assert errors
    else:
        assert loaded.diagnostics == ()
    assert all(d.line >= 1 and d.column >= 1 and d.message for d in loaded.diagnostics)


# --- the loader --------------------------------------------------------------------------

@FUZZ
@given(st.binary(max_size=3000))
def test_loader_never_raises_on_bytes(data: bytes) -> None:
    assert_sound_outcome(load_bytes(data, SHOWN))


KEYS = ["schema_version", "id", "year", "title", "funds", "weight", "total", "initial", "budget",
        "executed", "reported", "rate", "score", "indicators", "level1", "target", "actual",
        "grade", "source", "url", "<<", "? a", "-", "", "键", "1", "~", "null", "\"q\"", "'s'"]
ATOMS = ["", "1", "85.00", "-3", "1e309", ".nan", ".inf", "0x10", "017", "1,000", "1_000",
         "\"90.39%\"", "'x'", "\"unclosed", "'unclosed", "[", "]", "{", "}", "[1, 2]",
         "{a: 1}", "&a", "*a", "&a [x]", "!!python/object/apply:os.system [x]", "!!binary aGk=",
         "!foo", "|", ">-", "---", "...", "%YAML 1.1", "# c", ": ", "? ", "- ", "\t", "\"\\0\"",
         "\"\\ud800\"", "\"\\x1b\"", "提升", "≥95%", "万元", "null", "~", "true", "2021",
         "9" * 60, "[" * 20, "{a: " * 15, "\u00a0", "\ufeff", "\u2028", "é"]


@st.composite
def yamlish(draw: st.DrawFn) -> bytes:
    """Return text assembled from record fragments: keys, separators, hostile values."""
    lines = []
    for _ in range(draw(st.integers(1, 25))):
        indent = " " * draw(st.integers(0, 8))
        dash = draw(st.sampled_from(["", "- "]))
        key = draw(st.sampled_from(KEYS))
        sep = draw(st.sampled_from([": ", ":", " : ", "", ":\t"]))
        value = draw(st.sampled_from(ATOMS) | SAFE_TEXT)
        lines.append(f"{indent}{dash}{key}{sep}{value}")
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return end.join(lines).encode("utf-8", errors="surrogatepass")


@pytest.mark.slow
@FUZZ
@given(yamlish())
def test_loader_never_raises_on_yamlish_text(data: bytes) -> None:
    assert_sound_outcome(load_bytes(data, SHOWN))


@st.composite
def mutated_base(draw: st.DrawFn) -> bytes:
    """Return the sound base record with a few lines deleted, doubled, cut or overwritten."""
    lines = BASE.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "double", "cut", "append", "value", "indent"]))
        line = lines[index]
        if op == "delete":
            del lines[index]
        elif op == "double":
            lines.insert(index, line)
        elif op == "cut":
            lines[index] = line[:draw(st.integers(0, len(line)))]
        elif op == "append":
            lines[index] = line + draw(st.sampled_from(ATOMS))
        elif op == "value" and ": " in line:
            lines[index] = line.split(": ", 1)[0] + ": " + draw(st.sampled_from(ATOMS) | SAFE_TEXT)
        elif op == "indent":
            lines[index] = " " * draw(st.integers(0, 6)) + line.lstrip(" ")
        if not lines:
            lines = [""]
    return "\n".join(lines).encode("utf-8", errors="surrogatepass")


@FUZZ
@given(mutated_base())
def test_loader_rules_and_scoring_never_raise_on_a_mutated_record(data: bytes) -> None:
    loaded = load_bytes(data, SHOWN)
    assert_sound_outcome(loaded)
    result = check([loaded], SiteConfig())
    assert (loaded.record is not None) == (result.records != ()) or result.errors > 0
    if loaded.record is not None:
        for profile in PROFILES:
            score_record(loaded.record, profile)


# --- the target/actual parser ------------------------------------------------------------

@FUZZ
@given(st.text(max_size=40))
def test_parse_cell_never_raises_on_text(text: str) -> None:
    value = parse_cell(text)
    assert value.kind in Kind
    assert (value.problem is not None) == (value.kind is Kind.UNPARSED)
    if value.kind is Kind.QUANTITY:
        assert value.number is not None


OPS = {"": None, ">=": ">=", "≥": ">=", "＞＝": ">=", "≧": ">=", "不低于": ">=", "<=": "<=",
       "≤": "<=", "≦": "<=", "不超过": "<=", "=": "=", "＝": "=", "﹦": "=", ">": ">", "<": "<"}
UNITS = ["", "次", "人次", "%", "万元", "元", "天", "个", "份", "米", "万云", "人"]
FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")
NUMBERS = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False,
                      allow_infinity=False) | st.integers(0, 10**12).map(Decimal)


@FUZZ
@given(st.sampled_from(sorted(OPS)), NUMBERS, st.sampled_from(UNITS), st.booleans(),
       st.booleans(), st.sampled_from(["", " "]))
def test_parse_cell_reads_the_printed_number(op: str, number: Decimal, unit: str,
                                             thousands: bool, full_width: bool,
                                             space: str) -> None:
    printed = f"{number:,f}" if thousands else f"{number:f}"
    if full_width:
        printed = printed.translate(FULL_WIDTH)
    value = parse_cell(f"{op}{space}{printed}{unit}")
    assert value.kind is Kind.QUANTITY, value.problem
    assert value.number == number
    assert value.op == OPS[op]


@FUZZ
@given(st.sampled_from([None, *OPS]), st.none() | NUMBERS, st.none() | st.sampled_from(UNITS))
def test_parse_cell_never_raises_on_the_mapping_form(op: str | None, number: Decimal | None,
                                                     unit: str | None) -> None:
    value = parse_cell(Measure(op, number, unit))
    assert value.kind in Kind
    if number is not None and value.kind is Kind.QUANTITY:
        assert value.number == number


# --- the scorer --------------------------------------------------------------------------

AMOUNT = st.none() | st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False,
                                 allow_infinity=False)
WEIGHT = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
SCORE = st.none() | st.decimals(min_value=-10, max_value=200, places=2, allow_nan=False,
                                allow_infinity=False)
QUALITATIVE = ["提升", "有效", "达成", "长期", "明显提高", "良好", "是", "否", "稳定"]
PERIODS = ["2021年1月-12月", "1-12月", "12月", "4季度", "2021年12月底前"]


@st.composite
def cell(draw: st.DrawFn) -> Any:
    """Return a target or actual cell: quantity, period, wording, mapping form, blank or junk."""
    quantity = st.builds(lambda o, n, u: f"{o}{n:f}{u}", st.sampled_from(sorted(OPS)), NUMBERS,
                         st.sampled_from(UNITS))
    mapping = st.fixed_dictionaries({"op": st.none() | st.sampled_from(["≥", "≤", "=", ">", "<"]),
                                     "value": st.none() | NUMBERS,
                                     "unit": st.none() | st.sampled_from(UNITS[1:])})
    return draw(st.one_of(quantity, st.sampled_from(QUALITATIVE + PERIODS), mapping, st.none(),
                          st.just(""), SAFE_TEXT))


def row() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"initial": AMOUNT, "budget": AMOUNT, "executed": AMOUNT})


@st.composite
def indicator(draw: st.DrawFn) -> dict[str, Any]:
    level1 = draw(st.sampled_from(["产出指标", "效益指标", "满意度指标", "经济效益", "其他"]))
    level2 = draw(st.sampled_from(["数量指标", "质量指标", "时效指标", "成本指标", "社会效益指标",
                                   "服务对象满意度指标", "可持续影响指标"]) | NAME)
    return {"level1": level1, "level2": level2, "name": draw(NAME), "target": draw(cell()),
            "actual": draw(cell()), "weight": draw(WEIGHT), "score": draw(SCORE),
            "deviation": draw(SAFE_TEXT)}


@st.composite
def sound_record(draw: st.DrawFn) -> dict[str, Any]:
    """Return a record's plain data that the schema accepts, in field order."""
    rate = draw(st.none() | st.sampled_from(["90.39%", "100%", "0%", "—", "120.5%", "abc"]))
    return {
        "schema_version": 1, "id": "2021-fuzz", "year": 2021, "title": draw(NAME),
        "department": draw(NAME), "implementer": draw(NAME),
        "amount_unit": draw(st.sampled_from(["万元", "元"])),
        "funds": {"weight": draw(WEIGHT), "total": draw(row()), "fiscal": draw(row()),
                  "carryover": draw(row()), "other": draw(row()),
                  "reported": {"rate": rate, "score": draw(SCORE)}},
        "goals": {"planned": draw(SAFE_TEXT), "achieved": draw(SAFE_TEXT)},
        "indicators": draw(st.lists(indicator(), min_size=1, max_size=6)),
        "total": {"weight": draw(WEIGHT), "score": draw(SCORE),
                  "grade": draw(st.sampled_from([None, "优", "良", "中", "差"]))},
        "notes": draw(SAFE_TEXT),
        "source": {"document": "2021年度项目支出绩效自评表", "file": None, "sha256": None,
                   "url": "https://www.example.gov.cn/a.html"},
    }


def within(value: Decimal | None, weight: Decimal | None) -> bool:
    """A blank 分值 (null) bounds nothing: any score is within it."""
    if weight is None:
        return value is not None
    return value is not None and Decimal(0) <= value <= weight


@pytest.mark.slow
@FUZZ
@given(sound_record())
def test_scorer_never_raises_and_scores_stay_within_their_weight(data: dict[str, Any]) -> None:
    loaded = load_bytes(emit_record(data).encode(), SHOWN)
    assert loaded.diagnostics == ()
    record: Record | None = loaded.record
    assert record is not None
    check([loaded], SiteConfig())
    for profile in PROFILES:
        scored = score_record(record, profile)
        json.dumps(scored.to_json(), ensure_ascii=False)
        assert scored.funds_score is None or within(scored.funds_score, record.funds.weight)
        for item, ind in zip(scored.indicators, record.indicators, strict=True):
            # a kept (not recomputed) score is the reported one, capped to [0, 分值]
            assert item.computed is None or within(item.computed, ind.weight), (item, ind)
            if not item.recomputed and within(ind.score, ind.weight):
                assert item.computed == ind.score
        assert scored.grade in ("优", "良", "中", "差")
