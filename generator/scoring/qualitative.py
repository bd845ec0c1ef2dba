"""Qualitative indicators (提升, 有效, 达成, 长期 …): the reported score is checked, not recomputed.

domain.md "Qualitative indicators": three bands as a share of 分值 — 达成年度指标 80%(含)–100%;
部分达成年度指标并具有一定效果 60%(含)–80%; 未达成年度指标且效果较差 0–60%. The reported score
is accepted when it lies in the band the reported actual supports, and flagged when it does not;
a flagged score is replaced by the nearest score inside that band, so the difference shows how
far outside it lies. Lower bounds are inclusive, upper bounds exclusive except the top band's.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext

from generator.model.decimals import CENT, divide, multiply
from generator.model.values import Kind, Value, normalise
from generator.scoring.outcome import Outcome, as_figure, kept, percent_label
from generator.scoring.profile import Band, Profile


def supported_band(target: Value, actual: Value, profile: Profile) -> str | None:
    """Return the key of the band the reported actual supports, or None when it says nothing.

    A percentage is read as the degree of achievement (95% → achieved). A text counts when it is
    one of the profile's words for a band (达成预期指标, 部分达成, 未完成 …), repeats the target's
    own wording (提升 / 提升: achieved), or is the opposite answer of a yes/no target (target 是,
    actual 否: failed). Cells are compared whole, without spaces and closing punctuation.
    """
    if actual.kind is Kind.QUANTITY and actual.dimension == "percent" and actual.base is not None:
        return next((key for key, band in profile.bands if actual.base >= band.low), None)
    text, wanted = wording_key(actual.text), wording_key(target.text)
    for key, words in profile.evidence:
        if text in {wording_key(word) for word in words}:
            return key
    if text and text == wanted:
        return profile.bands[0][0]
    if any({text, wanted} == set(pair) for pair in profile.opposites):
        return profile.bands[-1][0]
    return None


_CLOSING = "。．.，,；;！!、 \u3000"


def wording_key(text: str) -> str:
    """Return a cell's wording as compared: NFKC, no inner spaces, no closing punctuation."""
    return normalise(text).replace(" ", "").replace("\u3000", "").rstrip(_CLOSING)


def band_label(band: Band) -> str:
    """Return e.g. 达成档 80%–100%."""
    return f"{band.label}档 {percent_label(band.low)}–{percent_label(band.high)}"


def in_band(score: Decimal, weight: Decimal, band: Band) -> bool:
    """Return whether score ÷ 分值 lies in the band (the top band includes its upper bound)."""
    share = divide(score, weight)
    return band.low <= share and (share < band.high or (band.high >= 1 and share <= band.high))


def nearest_in_band(score: Decimal, weight: Decimal, band: Band) -> Decimal:
    """Return the two-place score inside the band nearest to `score`."""
    if divide(score, weight) < band.low:
        return _to_cent(multiply(band.low, weight), ROUND_CEILING)
    high = multiply(band.high, weight)
    if band.high >= 1:
        return _to_cent(high, ROUND_FLOOR)
    return _to_cent(high, ROUND_CEILING) - CENT


def _to_cent(value: Decimal, rounding: str) -> Decimal:
    """Round to two places in a context wide enough for any weight (a 90-digit one must not raise)."""
    with localcontext() as ctx:
        ctx.prec = max(60, value.adjusted() + 4)
        return value.quantize(CENT, rounding=rounding)


def score_qualitative(reported: Decimal | None, weight: Decimal, target: Value, actual: Value,
                      profile: Profile) -> Outcome:
    """Return the checked score of a qualitative indicator."""
    key = supported_band(target, actual, profile)
    if key is None:
        shown = actual.text or "（空）"
        return kept(reported, weight, f"定性指标的实际完成值“{shown}”未表明达成程度，无法判断档次",
                    "qualitative-no-band")
    band = dict(profile.bands)[key]
    label = band_label(band)
    if reported is None:
        return kept(None, weight, f"实际完成值“{actual.text}”对应{label}", "score-blank")
    if weight <= 0:
        return Outcome(Decimal("0.00"), "定性指标：分值为 0，得分为 0", True)
    if in_band(reported, weight, band):
        return Outcome(as_figure(reported), f"定性指标：采信报告得分（{label}）", True,
                       f"实际完成值“{actual.text}”对应{label}。")
    nearest = nearest_in_band(reported, weight, band)
    return Outcome(nearest, f"定性指标：报告得分不在{label}，取该档内最接近的得分", True,
                   f"实际完成值“{actual.text}”对应{label}，即 {_range(band, weight)} 分；"
                   f"报告得分 {reported:f} 不在其中。")


def _range(band: Band, weight: Decimal) -> str:
    low = multiply(band.low, weight).normalize()
    high = multiply(band.high, weight).normalize()
    closing = "含" if band.high >= 1 else "不含"
    return f"{low:f}（含）至 {high:f}（{closing}）"
