"""The catalogue of diagnostic codes: every code the tools report, with its documentation.

The one source of `explain` and of the 方法与规则 page. It gathers the loader's and schema's
codes (Y, S1xx: `rules.LOADER_CODES`, with `rules.loader_examples`), the record rules
(`rules.REGISTRY`: each rule's Chinese summary in `rules/summaries.py`), the rules over two versions (H: `rules.PAIR_REGISTRY`,
run by `diff`) and the importer's codes (M: `importers/codes.py`). Codes are never reused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.importers.codes import IMPORT_CODES
from generator.model.diagnostics import Severity
from generator.rules import LOADER_CODES, PAIR_REGISTRY, REGISTRY
from generator.rules.loader_examples import EXAMPLES
from generator.rules.summaries import SUMMARIES

TOPICS = {"Y": "YAML 读取", "S": "记录结构", "F": "项目资金", "W": "分值", "T": "总分与等级",
          "I": "绩效指标", "N": "叙述文字", "C": "复核计分", "M": "导入", "H": "更正与历史"}
"""Topic of each code letter, as grouped in generator/rules/ and generator/importers/."""

Stage = Literal["record", "pair", "import"]

_MEANING: dict[tuple[Stage, Severity], str] = {
    ("record", Severity.ERROR): "错误：记录本身有误，修正前不会发布。",
    ("record", Severity.WARNING): "警告：原表自身不一致；照原样发布并在旁标注。"
                                  "validate --strict 或 site.yaml 的 raise_to_error 可使其视为失败。",
    ("record", Severity.INFO): "提示：供核对的信息；照原样发布。",
    ("pair", Severity.WARNING): "警告：比较两个版本时（diff，拉取请求审阅）报告；不影响发布。",
    ("import", Severity.ERROR): "错误：导入时发现，记录不会写入；按说明修正来源文件或命令后重新导入。",
}


@dataclass(frozen=True)
class CodeDoc:
    """One code as `explain` and the method page show it."""

    code: str
    severity: Severity
    title: str
    doc: str
    """Its Chinese documentation: the rule's summary (`rules/summaries.py`), or the text kept
    beside the code (loader and import codes). Rule docstrings stay for developers."""
    stage: Stage
    """Where it is reported: checking a record, comparing two versions (diff), or importing."""
    examples: tuple[str, str] = ("", "")
    """A passing and a failing example."""

    @property
    def topic(self) -> str:
        """Return the topic of the code's letter."""
        return TOPICS.get(self.code[0], "其他")

    @property
    def meaning(self) -> str:
        """Return what the severity means for this kind of code."""
        return _MEANING[(self.stage, self.severity)]


def _entries() -> dict[str, CodeDoc]:
    found: dict[str, CodeDoc] = {}
    for code, (severity, title, doc) in LOADER_CODES.items():
        found[code] = CodeDoc(code, severity, title, doc, "record", EXAMPLES.get(code, ("", "")))
    for code, rule in REGISTRY.items():
        summary, passes, fails = SUMMARIES[code]
        found[code] = CodeDoc(code, rule.severity, rule.title, summary, "record", (passes, fails))
    for code, pair in PAIR_REGISTRY.items():
        summary, passes, fails = SUMMARIES[code]
        found[code] = CodeDoc(code, pair.severity, pair.title, summary, "pair", (passes, fails))
    for code, (title, doc) in IMPORT_CODES.items():
        found[code] = CodeDoc(code, Severity.ERROR, title, doc, "import")
    return {code: found[code] for code in sorted(found)}


CATALOGUE: dict[str, CodeDoc] = _entries()
"""Every code, sorted."""


def lookup(code: str) -> CodeDoc | None:
    """Return the documentation of a code (case and spaces ignored), or None when unknown."""
    return CATALOGUE.get(code.strip().upper())
