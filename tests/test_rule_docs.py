"""Every code is documented: `explain` works and shows a passing and a failing example."""

from __future__ import annotations

import re

import pytest

from generator.cli.cmd_explain import explain_text, listing
from generator.importers.codes import IMPORT_CODES
from generator.report.catalogue import CATALOGUE
from generator.rules import _MODULES, LOADER_CODES, REGISTRY, all_codes
from generator.rules.loader_examples import EXAMPLES


@pytest.mark.parametrize("code", all_codes())
def test_code_is_documented_with_examples(code: str) -> None:
    assert re.fullmatch(r"[A-Z]\d{3}", code)
    text = explain_text(code)
    assert text is not None
    assert text.startswith(code + " ")
    passes = re.search(r"\n通过：\n\s*(\S.*?)\s*\n不通过：\n\s*(\S.+)", text, re.DOTALL)
    assert passes is not None, f"{code}: no passing and failing example"
    assert not re.search(r"[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}", text.split("\n\n")[1]), (
        f"{code}: the summary a user reads must be Chinese, not English prose")


def test_codes_are_unique_across_modules_and_loader() -> None:
    codes = [rule.code for module in _MODULES for rule in module.RULES]
    assert len(codes) == len(set(codes)) == len(REGISTRY)
    assert not set(codes) & set(LOADER_CODES)
    assert set(EXAMPLES) == set(LOADER_CODES)


def test_every_rule_has_a_chinese_summary_and_examples() -> None:
    from generator.rules import PAIR_REGISTRY
    from generator.rules.summaries import SUMMARIES

    rules = set(REGISTRY) | set(PAIR_REGISTRY)
    assert set(SUMMARIES) == rules, "every rule code needs a Chinese summary in rules/summaries.py"
    for code, (summary, passes, fails) in SUMMARIES.items():
        assert re.search(r"[\u4e00-\u9fff]", summary), code
        assert summary.strip() and passes.strip() and fails.strip(), code


def test_rule_docstrings_open_with_one_summary_line() -> None:
    for rule in REGISTRY.values():
        first, _, rest = rule.doc.partition("\n")
        assert first.endswith("."), rule.code
        assert rule.title and rest.strip(), rule.code


def test_explain_is_case_insensitive() -> None:
    assert explain_text("f102") == explain_text("F102")
    assert explain_text("Z999") is None


def test_explain_text_of_one_rule() -> None:
    assert explain_text("T102") == (
        "T102 评价等级与总分相符\n类别：总分与等级\n"
        "警告：原表自身不一致；照原样发布并在旁标注。validate --strict 或 site.yaml 的 "
        "raise_to_error 可使其视为失败。\n\n"
        "原表印有评价等级时，应是原表总分所在的等级：优 90（含）–100，良 80（含）–90，"
        "中 60（含）–80，差 60 以下。\n\n"
        "通过：\n    total: {weight: 100, score: 90.00, grade: 优}\n"
        "不通过：\n    total: {weight: 100, score: 89.99, grade: 优}（89.99 为良）\n")


def test_listing_has_one_line_per_code() -> None:
    lines = listing().splitlines()
    assert [line.split()[0] for line in lines[: len(CATALOGUE)]] == sorted(CATALOGUE)
    assert set(CATALOGUE) == {*all_codes(), *IMPORT_CODES}
    assert "F103  警告  项目资金  预算执行得分等于分值×执行率" in lines
    assert "M101  错误  导入  无法读取来源文件" in lines
    assert "H101  警告  更正与历史  更正已公开数字须说明原因" in lines
    assert {line[0] for line in lines if line} >= set("YSFWTINHMC")


def test_import_codes_are_explained() -> None:
    from generator.cli.cmd_explain import explain_text
    from generator.importers.codes import IMPORT_CODES

    for code, (title, doc) in IMPORT_CODES.items():
        text = explain_text(code)
        assert text == (f"{code} {title}\n类别：导入\n"
                        f"错误：导入时发现，记录不会写入；按说明修正来源文件或命令后重新导入。\n\n{doc}\n")
        assert "记录本身有误" not in text  # a record code's meaning, not an import code's
