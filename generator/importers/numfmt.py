"""Excel number formats applied as Excel displays them, or refused with the reason.

A format scales what is shown: `0!.0000` on 850000 shows 85.0000 (the `!` makes the point a
literal between digit placeholders), `0.00,,` divides by a million, `#,##0,` by a thousand,
`0.00%` multiplies by 100. Ignoring the format would import 850000 where the table prints
85.0000, so every part of a format is either applied or the cell is refused (`Unsupported`).

Applied: digit placeholders `0 # ?`, the decimal point, grouping and scaling commas, `%`,
literals (`"…"`, `\\x`, `!x`, unquoted text such as 元), `_x` (a space), `*x` (nothing), colours,
`[$¥-804]` currency text, up to four sections (positive; negative; zero; text), `General`.
Refused: conditions (`[>100]`), `[DBNum1]` Chinese numerals, exponents, fractions.
Dates are recognised (`is_date`) and shown by the caller as ISO dates.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

from generator.importers.fmttokens import Token, Unsupported, is_date, sections, tokens

__all__ = ["Unsupported", "display", "general", "is_date", "text_display"]

EXCEL_DIGITS = 15
"""Excel keeps 15 significant digits; a float's longer repr is binary noise, not print."""
GENERAL_WIDTH = 11
"""The General format shows at most 11 characters, then switches to scientific notation."""
LARGEST = Decimal("1e15")
"""Beyond Excel's precision: such a value cannot be a printed figure."""



def excel_value(value: Decimal) -> Decimal:
    """Return the value as Excel holds it: 15 significant digits, half up."""
    with localcontext() as ctx:
        ctx.prec, ctx.rounding = EXCEL_DIGITS, ROUND_HALF_UP
        return +value


def display(value: Decimal, fmt: str) -> str:
    """Return the text Excel shows for a number under a format (raise Unsupported)."""
    value = excel_value(value)
    if abs(value) >= LARGEST:
        raise Unsupported(f"数值 {value:E} 超出 Excel 的 15 位精度，不可能是印出的数字", "M125")
    parts = sections(fmt)
    if len(parts) == 1 or value > 0 or (value == 0 and len(parts) < 3):
        section, minus = parts[0], value < 0
    else:
        section, minus = (parts[1], False) if value < 0 else (parts[2], False)
    found = tokens(section)
    if any(kind == "date" for kind, _ in found):
        raise Unsupported(f"日期格式“{section}”用在非日期位置")
    if any(kind == "general" for kind, _ in found):
        body = general(abs(value))
        text = "".join(body if kind == "general" else t for kind, t in found if kind != "text")
    elif any(kind == "digit" for kind, _ in found):
        text, minus = _placed(abs(value), found, minus)
    else:
        text = "".join(t for kind, t in found if kind in ("literal", "percent", "point", "comma"))
    return ("-" if minus else "") + text


def general(value: Decimal) -> str:
    """Return a non-negative value as the General format shows it (at most 11 characters)."""
    if value == 0:
        return "0"
    whole = len(str(int(value)))
    if whole > GENERAL_WIDTH:
        raise Unsupported(f"数值 {value:E} 在 Excel 中以科学计数法显示，不是印出的数字", "M125")
    if value < Decimal("1e-9"):
        raise Unsupported(f"数值 {value:E} 在 Excel 中以科学计数法显示，不是印出的数字", "M125")
    places = max(GENERAL_WIDTH - whole - 1, 0)
    shown = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP).normalize()
    return f"{shown:f}"


def _placed(value: Decimal, found: tuple[Token, ...], minus: bool) -> tuple[str, bool]:
    """Lay a non-negative value into the digit placeholders; return text and the sign shown."""
    if any(kind == "text" for kind, _ in found):
        raise Unsupported("数字格式中含有文本占位符 @")
    if ("literal", "/") in found:
        raise Unsupported("分数格式")
    digits = [i for i, (kind, _) in enumerate(found) if kind == "digit"]
    point = next((i for i, (kind, _) in enumerate(found) if kind == "point"), len(found))
    grouping, scale, kept = False, 0, list(found)
    for i, (kind, _) in enumerate(found):
        if kind != "comma":
            continue
        before, after = any(d < i for d in digits), any(d > i for d in digits)
        if before and after and i < point and any(i < d < point for d in digits):
            grouping, kept[i] = True, ("literal", "")
        elif before and not after:
            scale, kept[i] = scale + 1, ("literal", "")
        else:
            kept[i] = ("literal", ",")
    percent = sum(1 for kind, _ in found if kind == "percent")
    with localcontext() as ctx:
        ctx.prec = 60
        scaled = value * Decimal(100) ** percent / Decimal(1000) ** scale
        places = sum(1 for d in digits if d > point)
        rounded = scaled.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{rounded:f}".partition(".")
    whole = "" if whole == "0" else whole
    text = _whole(kept[:point], whole, grouping) + _fraction(kept[point:], fraction)
    return text, minus and rounded != 0


def _whole(part: list[Token], digits: str, grouping: bool) -> str:
    holders = [i for i, (kind, _) in enumerate(part) if kind == "digit"]
    inside = part[holders[0]:holders[-1] + 1] if holders else []
    if grouping and any(kind == "literal" and t for kind, t in inside):
        raise Unsupported("千位分隔符与数字中间的文字同时出现")
    filled: dict[int, str] = {}
    rest = digits
    for n, i in enumerate(reversed(holders)):
        last = n == len(holders) - 1
        take, rest = (rest, "") if last else (rest[-1:], rest[:-1])
        filled[i] = take or {"0": "0", "#": "", "?": " "}[part[i][1]]
    if grouping:
        joined = "".join(filled[i] for i in holders)
        body = joined.lstrip(" ")
        pad = joined[: len(joined) - len(body)]
        grouped = f"{int(body):,}" if body.isdigit() else body
        out = [t for kind, t in part[: holders[0]] if kind != "digit"] if holders else []
        return "".join(out) + pad + grouped + "".join(t for _, t in part[holders[-1] + 1:])
    return "".join(filled.get(i, t) for i, (_, t) in enumerate(part))


def _fraction(part: list[Token], digits: str) -> str:
    holders = [i for i, (kind, _) in enumerate(part) if kind == "digit"]
    filled = {i: digits[n] for n, i in enumerate(holders)}
    for i in reversed(holders):
        if part[i][1] == "0" or filled[i] != "0":
            break
        filled[i] = "" if part[i][1] == "#" else " "
    return "".join(filled.get(i, t) for i, (_, t) in enumerate(part))


def text_display(text: str, fmt: str) -> str:
    """Return a text cell as shown under its format's text section (`@` is the text)."""
    if "@" not in fmt and ";" not in fmt:
        return text  # the common case: no text section, the text is shown as typed
    parts = sections(fmt)
    if len(parts) >= 4:
        section = parts[3]
    elif len(parts) == 1 and "@" in parts[0]:
        section = parts[0]
    else:
        return text
    try:
        found = tokens(section)
    except Unsupported:
        return text
    return "".join(text if kind == "text" else t for kind, t in found if kind != "digit")
