"""Indicator level names (一级指标 / 二级指标): normalisation of spelling variants.

The national template (财预〔2020〕10号 附件2) names the levels below; 财预〔2021〕101号 allows
the cost level to be split in three. Published tables vary the spelling ("经济效益" for
经济效益指标, "满意度指标" as the level-2 name), so names are compared only after `normalise`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

LEVELS: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标",
                 "经济成本指标", "社会成本指标", "生态环境成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
"""Level-1 names and the level-2 names that belong to each, in the template's order."""

LEVEL2_ALIASES: dict[str, str] = {
    "满意度指标": "服务对象满意度指标",
    "社会公众或服务对象满意度指标": "服务对象满意度指标",
    "生态环境效益指标": "生态效益指标",
}
"""Variants seen in published tables (after `normalise`), mapped to the template's name.

The first is the seed's own usage; the second is the pre-2020 template's wording."""

_NOISE = re.compile(r"[\s\u3000：:（）()、\d.．]+")


def normalise(name: str) -> str:
    """Return the name without spaces, punctuation or numbering, ending in 指标."""
    core = _NOISE.sub("", name)
    if not core:
        return ""
    return core if core.endswith("指标") else core + "指标"


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
_PRINTED_WEIGHT = re.compile(
    r"^(?P<name>.*?)[\s\u3000]*[（(【\[][\s\u3000]*(?P<weight>\d+(?:\.\d+)?)[\s\u3000]*"
    r"分?[\s\u3000]*[）)】\]][\s\u3000]*$"
)
"""A level-1 label printed with its weight: 产出指标(50分), 产出指标（50分）, 产出指标 ( 50 ), …"""


# The functions below are cached by the exact text: every rule over the indicators asks about
# the same few level names again and again.
@lru_cache(maxsize=4096)
def split_weight(label: str) -> tuple[str, Decimal | None]:
    """Return the label without a printed weight, and that weight (None when none is printed).

    `产出指标(50分)` → (`产出指标`, 50); `产出指标` → (`产出指标`, None). The record keeps the
    label as published; only comparisons use the split.
    """
    text = label.translate(_FULL_WIDTH_DIGITS)
    match = _PRINTED_WEIGHT.match(text)
    if match is None or not match.group("name").strip():
        return label, None
    return match.group("name"), Decimal(match.group("weight"))


@lru_cache(maxsize=4096)
def level1_of(name: str) -> str | None:
    """Return the template's level-1 name for a printed one, or None when unknown.

    A weight printed with the name (产出指标(50分)) is not part of the name.
    """
    key = normalise(split_weight(name)[0])
    return key if key in LEVELS else None


@lru_cache(maxsize=4096)
def level2_of(name: str) -> str | None:
    """Return the template's level-2 name for a printed one, or None when unknown."""
    key = normalise(name)
    key = LEVEL2_ALIASES.get(key, key)
    return key if any(key in names for names in LEVELS.values()) else None


def parent_of(level2: str) -> str:
    """Return the level-1 name a template level-2 name belongs to."""
    return next(parent for parent, names in LEVELS.items() if level2 in names)
