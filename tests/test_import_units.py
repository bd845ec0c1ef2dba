"""Small pieces of the importers: split targets, printed numbers, grades, codes documented."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from generator.importers.closing import grade
from generator.importers.codes import IMPORT_CODES
from generator.importers.grid import Cell, ImportProblem
from generator.importers.indicator_block import is_placeholder, split_actual, split_target
from generator.importers.numfmt import Unsupported, display
from tests.conftest import ROOT


def cell(text: str) -> Cell:
    return Cell(text, 0, 1, 1, 1, "A1")


@pytest.mark.parametrize(("op", "value", "unit", "expected"), [
    ("≥", "735", "人次", {"op": "≥", "value": Decimal("735"), "unit": "人次"}),
    ("", "1,200", "元", {"op": None, "value": Decimal("1200"), "unit": "元"}),
    ("≤", "", "元", {"op": "≤", "value": None, "unit": "元"}),
    ("定性", "好", "", "好"),
    ("定性", "100", "%", "100%"),
    ("≥", "较好", "", "≥较好"),
    ("", "", "", ""),
])
def test_split_target(op: str, value: str, unit: str, expected: object) -> None:
    assert split_target(op, value, unit) == expected


def test_split_actual_keeps_text_and_units_bare_numbers() -> None:
    assert split_actual("118", "公里") == {"op": None, "value": Decimal("118"), "unit": "公里"}
    assert split_actual("118公里", "公里") == "118公里"
    assert split_actual("118", "") == "118"
    assert split_actual("", "公里") == ""


@pytest.mark.parametrize(("value", "fmt", "shown"), [
    (85, "General", "85"), (85.0, "General", "85"), (85, "0.00", "85.00"),
    (76.83, "General", "76.83"), (0.9039, "0.00%", "90.39%"), (1, "0%", "100%"),
    (0.1 + 0.2, "General", "0.3"), (1200000, "#,##0.00", "1,200,000.00"),
    (2.675, "0.00", "2.68"), (Decimal("9.5"), "0", "10"),
    # formats that scale or decorate what is printed (issue 11)
    (850000, "0!.0000", "85.0000"), (850000, "0\\.0000", "85.0000"),
    (85000000, "0.00,,", "85.00"), (850000, "#,##0,", "850"), (12345678, "#,##0,", "12,346"),
    (85, '0.00"万元"', "85.00万元"), (-5, "0.00;(0.00)", "(5.00)"), (-5, "0.00", "-5.00"),
    (0, '#,##0.00;-#,##0.00;"-"', "-"), (0.5, "#.##", ".5"), (1234, "[Red]0.0", "1234.0"),
    (12, "[$¥-804]#,##0.00", "¥12.00"), (0.05, "0.0%", "5.0%"), (1 / 3, "General", "0.333333333"),
    (123456.789012, "General", "123456.789"), (1234.5, "_ * #,##0.00_ ", " 1,234.50 "),
])
def test_excel_numbers_show_as_printed(value: float, fmt: str, shown: str) -> None:
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    assert display(exact, fmt) == shown


@pytest.mark.parametrize(("value", "fmt", "code"), [
    ("5", "# ?/?", "M124"), ("5", "0.00E+00", "M124"), ("5", "[DBNum1]0", "M124"),
    ("5", "[<0]0;0", "M124"), ("1e30", "0.00", "M125"), ("123456789012", "General", "M125"),
])
def test_excel_formats_refused(value: str, fmt: str, code: str) -> None:
    with pytest.raises(Unsupported) as caught:
        display(Decimal(value), fmt)
    assert caught.value.code == code


def test_grades() -> None:
    assert [grade(cell(t)) for t in ("优", "良好", "", "—")] == ["优", "良", None, None]
    assert grade(None) is None
    with pytest.raises(ImportProblem) as caught:
        grade(cell("合格"))
    assert (caught.value.code, caught.value.message) == ("M106", "评价等级“合格”无法识别。")


def test_placeholders() -> None:
    assert [is_placeholder(t) for t in ("指标2", "……", "...", "指标 10", "数量指标")] == \
        [True, True, True, True, False]


def test_every_import_code_is_documented_and_used() -> None:
    sources = [*(ROOT / "generator" / "importers").glob("*.py"),
               ROOT / "generator" / "cli" / "cmd_import.py"]
    used = {code for path in sources if path.name != "codes.py"
            for code in re.findall(r'"(M1\d\d)"', path.read_text(encoding="utf-8"))}
    assert used == set(IMPORT_CODES)
