"""Check a composed YAML node tree against the record JSON Schema, with positions.

Implements the subset of JSON Schema the record schema uses (type, properties, required,
additionalProperties, items, minItems, enum, pattern, minLength, maxLength, minimum, maximum,
anyOf, $ref), reading numbers as exact decimals from their scalar text.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator.model.decimals import parse_decimal
from generator.model.diagnostics import Diagnostic, Severity
from generator.read.characters import first_forbidden
from generator.read.nodes import MappingNode, Node, ScalarNode, SequenceNode

_LEADING_ZERO = re.compile(r"\s*[+-]?0\d")
_TYPE_NAMES = {"string": "文本", "number": "数字", "integer": "整数", "null": "空值（null）",
               "object": "键值映射", "array": "列表"}


@dataclass
class Walk:
    """Accumulates the plain data's positions and diagnostics while walking one file."""

    path: str
    root_schema: dict[str, Any]
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Pointer → (line, column) of its value; `pointer#key` → of its key."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, code: str, node: Node, pointer: str, message: str, hint: str = "",
              expected: str | None = None, actual: str | None = None) -> None:
        """Record an error at the node's position."""
        self.diagnostics.append(Diagnostic(code, Severity.ERROR, self.path, node.line,
                                           node.column, message, pointer, hint,
                                           expected, actual))


class _Variant:
    """One schema as the walk uses it, read once: its types, bounds and compiled pattern."""

    __slots__ = ("additional", "array", "enum", "integer", "items", "kinds", "max_length",
                 "maximum", "min_items", "min_length", "minimum", "null", "number", "object",
                 "pattern", "properties", "required", "schema", "string")

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        kinds = schema.get("type", [])
        self.kinds: list[str] = [kinds] if isinstance(kinds, str) else kinds
        self.object, self.array = "object" in self.kinds, "array" in self.kinds
        self.null, self.string = "null" in self.kinds, "string" in self.kinds
        self.number, self.integer = "number" in self.kinds, "integer" in self.kinds
        self.properties: dict[str, Any] = schema.get("properties", {})
        self.additional = schema.get("additionalProperties") is not False
        self.required: list[str] = schema.get("required", [])
        self.items: dict[str, Any] = schema.get("items", _EMPTY)
        self.min_items: int | None = schema.get("minItems")
        self.enum: list[Any] | None = schema.get("enum")
        self.minimum: Any = schema.get("minimum")
        self.maximum: Any = schema.get("maximum")
        self.min_length: int = schema.get("minLength", 0)
        self.max_length: int | None = schema.get("maxLength")
        self.pattern = _ecma_pattern(schema["pattern"]) if "pattern" in schema else None


class _Spec:
    """A schema as found in its parent (`$ref` followed): its title, and the variant a mapping
    node and any other node are checked against (they differ under `anyOf`)."""

    __slots__ = ("mapping", "other", "source", "title")

    def __init__(self, source: dict[str, Any], root: dict[str, Any]) -> None:
        self.source = source  # kept alive: the cache is keyed by its id
        schema = _resolve(source, root)
        self.title: str = schema.get("title", "")
        if "anyOf" in schema:
            self.mapping = _Variant(_pick_alternative(True, schema, root))
            self.other = _Variant(_pick_alternative(False, schema, root))
        else:
            self.mapping = self.other = _Variant(schema)


_EMPTY: dict[str, Any] = {}
_SPECS: dict[tuple[int, int], tuple[dict[str, Any], dict[str, Any], _Spec]] = {}


def _spec(schema: dict[str, Any], root: dict[str, Any]) -> _Spec:
    """Return the compiled `schema` (compiled once per schema object and root schema)."""
    found = _SPECS.get((id(schema), id(root)))
    if found is not None and found[0] is schema and found[1] is root:
        return found[2]
    if len(_SPECS) > 4096:  # only callers passing fresh schema dicts every time get here
        _SPECS.clear()
    spec = _Spec(schema, root)
    _SPECS[(id(schema), id(root))] = (schema, root, spec)
    return spec


def walk(node: Node, schema: dict[str, Any], w: Walk, pointer: str = "") -> Any:
    """Return the plain value of `node` (Decimal for numbers) after checking it against `schema`."""
    spec = _spec(schema, w.root_schema)
    w.positions[pointer] = (node.line, node.column)
    if isinstance(node, ScalarNode):
        return _walk_scalar(node, spec.other, w, pointer, spec.title)
    if isinstance(node, MappingNode):
        variant = spec.mapping
        if not variant.object:
            return _type_error(node, variant.kinds, w, pointer, spec.title, "键值映射")
        return _walk_mapping(node, variant, w, pointer)
    assert isinstance(node, SequenceNode)
    variant = spec.other
    if not variant.array:
        return _type_error(node, variant.kinds, w, pointer, spec.title, "列表")
    return _walk_sequence(node, variant, w, pointer)


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    target: dict[str, Any] = root["$defs"][ref.rsplit("/", 1)[1]]
    extra = {k: v for k, v in schema.items() if k != "$ref"}
    return {**target, **extra}


def _pick_alternative(mapping: bool, schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    options = [_resolve(option, root) for option in schema["anyOf"]]
    kinds: list[str] = []
    for option in options:
        kind = option.get("type", [])
        kinds.extend([kind] if isinstance(kind, str) else list(kind))
        if mapping and "object" in option.get("type", ""):
            return {**option, "title": schema.get("title", option.get("title"))}
    return {"type": kinds, "title": schema.get("title")}


def _walk_mapping(node: MappingNode, variant: _Variant, w: Walk, pointer: str) -> Any:
    properties = variant.properties
    positions = w.positions
    data: dict[str, Any] = {}
    merged = False
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            w.error("S103", key_node, pointer, f"字段名应为文本，实际为{_kind(key_node)}。",
                    "字段名写在冒号前，不要用 ? 或方括号、花括号。")
            continue
        key = key_node.value
        child = f"{pointer}.{key}" if pointer else key
        if key == "<<":
            w.error("Y012", key_node, child, "不允许使用 YAML 合并键（<<）。", "请把内容直接写出来。")
            merged = True
            continue
        if key in data:
            first_line = positions[child + "#key"][0]
            w.error("Y002", key_node, child, f"键“{key}”重复出现（第一次在第 {first_line} 行）。",
                    "同一层级中每个键只能出现一次；请删除或合并重复的键。")
            continue
        positions[child + "#key"] = (key_node.line, key_node.column)
        child_schema = properties.get(key)
        if child_schema is None:
            if not variant.additional:
                _unknown_key(key_node, key, properties, w, child)
                data[key] = None
                continue
            child_schema = _EMPTY
        data[key] = walk(value_node, child_schema, w, child)
    for required in () if merged else variant.required:  # Y012 said it all
        if required not in data:
            title = properties.get(required, {}).get("title", "")
            w.error("S101", node, pointer, f"缺少必填字段“{required}”（{title}）。",
                    f"请在{('“' + pointer + '”下') if pointer else '记录中'}添加 {required}:；"
                    "空白单元格填 null。")
    return data


def _unknown_key(key_node: Node, key: str, properties: dict[str, Any], w: Walk,
                 pointer: str) -> None:
    close = difflib.get_close_matches(key, list(properties), n=1, cutoff=0.6)
    hint = f"是否想写“{close[0]}”？" if close else "允许的字段：" + "、".join(properties) + "。"
    if key.isdigit():  # `{executed: 1,000}`: the comma split the number and made `000` a key
        hint = "数字里不能写千分位逗号：花括号中的逗号分隔各项，1,000 会被拆开。请写成 1000。"
    w.error("S103", key_node, pointer, f"未知字段“{key}”。", hint)


def _walk_sequence(node: SequenceNode, variant: _Variant, w: Walk, pointer: str) -> Any:
    items_schema = variant.items
    items = [walk(item, items_schema, w, f"{pointer}[{index}]")
             for index, item in enumerate(node.value)]
    minimum = variant.min_items
    if minimum is not None and len(items) < minimum:
        w.error("S102", node, pointer, f"“{variant.schema.get('title', pointer)}”至少需要 {minimum} 项。",
                "请按原表逐行录入。")
    return items


def _walk_scalar(node: ScalarNode, variant: _Variant, w: Walk, pointer: str, title: str) -> Any:
    text = node.value
    found = first_forbidden(text)  # double-quoted escapes such as "\0" reach values
    if found is not None:
        w.error("S110", node, pointer, f"“{_title(title, pointer)}”含有不允许的字符 {found.code}"
                f"（{found.name}）。", found.hint, actual=found.code)
        return None
    resolved = node.resolved  # "" unless plain
    if resolved == "null":
        if variant.null:
            return None
        return _type_error(node, variant.kinds, w, pointer, title, "空值（null）", blank=True)
    if variant.number or variant.integer:
        value = parse_decimal(text) if resolved == "int" or resolved == "float" else None
        value = None if _LEADING_ZERO.match(text) else value
        if value is not None and (variant.number or value == value.to_integral_value()):
            return _check_value(node, variant, value if variant.number else int(value), w,
                                pointer, title)
        return _number_error(node, variant.kinds, text, node.plain, w, pointer, title)
    if variant.string:
        return _check_value(node, variant, text, w, pointer, title)
    return _type_error(node, variant.kinds, w, pointer, title, "文本")


def _number_error(node: ScalarNode, kinds: list[str], text: str, plain: bool, w: Walk,
                  pointer: str, title: str) -> None:
    title = _title(title, pointer)
    want = "整数" if "integer" in kinds and "number" not in kinds else "数字"
    if not plain and parse_decimal(text) is not None:
        hint = f"请去掉引号，写成 {_shown(text.strip())}。"
    elif _LEADING_ZERO.match(text):
        hint = "请去掉数字前多余的 0：有的 YAML 工具把 017 读作八进制的 15，数字会因工具而异。"
    elif re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text.strip()):
        hint = f"请去掉千分位逗号，写成 {text.strip().replace(',', '')}。"
    elif text.strip().endswith(("分", "万元", "元", "%")):
        hint = "请只填数字，不要带单位。"
    else:
        hint = "请填写普通小数形式的数字（如 85.00），不要用科学计数法、NaN 或无穷大。"
        hint += " 单元格空白时填 null。" if "null" in kinds else ""
    w.error("S102", node, pointer, f"“{title}”应为{want}，实际为“{_shown(text)}”。", hint,
            expected=want, actual=_shown(text))


def _type_error(node: Node, kinds: list[str], w: Walk, pointer: str, title: str, got: str,
                blank: bool = False) -> None:
    want = "或".join(_TYPE_NAMES.get(k, k) for k in kinds) or "其他类型"
    title = _title(title, pointer)
    hint = "此项不能留空。" if blank else f"请改为{want}。"
    w.error("S102", node, pointer, f"“{title}”应为{want}，实际为{got}。", hint,
            expected=want, actual=got)


def _check_value(node: ScalarNode, variant: _Variant, value: Any, w: Walk, pointer: str,
                 title: str) -> Any:
    if variant.enum is not None and value not in variant.enum:
        shown = _shown(node.value)  # the text as written: str() of a 5,000-digit int raises
        allowed = "、".join(str(v) for v in variant.enum if v is not None)
        w.error("S109", node, pointer, f"“{_title(title, pointer)}”的值“{shown}”不在允许范围内。",
                f"允许的值：{allowed}。", expected=allowed, actual=shown)
    elif isinstance(value, str):
        _check_text(node, variant, value, w, pointer, title)
    elif isinstance(value, (int, Decimal)):
        minimum, maximum = variant.minimum, variant.maximum
        for bound, bad, word in (("minimum", minimum is not None and value < minimum, "小于"),
                                 ("maximum", maximum is not None and value > maximum, "大于")):
            if bad:
                w.error("S109", node, pointer,
                        f"“{_title(title, pointer)}”为 {_shown(node.value)}，{word}允许的"
                        f"{'最小' if word == '小于' else '最大'}值 {variant.schema[bound]}。",
                        "请核对原表。")
    return value


def _check_text(node: ScalarNode, variant: _Variant, value: str, w: Walk, pointer: str,
                title: str) -> None:
    if variant.min_length and len(value.strip()) < variant.min_length:
        w.error("S101", node, pointer, f"“{_title(title, pointer)}”不能为空。", "请按原表填写。")
    elif variant.max_length is not None and len(value) > variant.max_length:
        w.error("S110", node, pointer, f"“{_title(title, pointer)}”过长：{len(value)} 个字符，上限 "
                f"{variant.max_length}。", "请缩短。")
    elif variant.pattern is not None and variant.pattern.search(value) is None:
        w.error("S110", node, pointer, f"“{_title(title, pointer)}”的值“{_shown(value)}”格式不对。",
                variant.schema.get("description", ""), expected=variant.schema["pattern"],
                actual=_shown(value))


def _ecma_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a pattern to match as JSON Schema does (ECMA-262): `\\d` is ASCII only, `$` is
    the very end.

    Python's `$` also matches before a final newline ("2021-a\\n" passed the id pattern) and
    its `\\d` matches full-width and other Unicode digits.
    """
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern, re.ASCII)


def _shown(text: str, limit: int = 40) -> str:
    """Return `text` for a message, shortened: a value may be a megabyte long."""
    return text if len(text) <= limit else text[:limit] + "…"


def _kind(node: Node) -> str:
    return "列表" if isinstance(node, SequenceNode) else "键值映射"


def _title(title: str, pointer: str) -> str:
    if not pointer:
        return "记录"
    return f"{title}（{pointer}）" if title else pointer
