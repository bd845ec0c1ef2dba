"""Read YAML text safely into a node tree: reject every construct a record never needs.

Two readers give the same tree (`generator.read.nodes`) and the same diagnostics:
- the fast one reads libyaml's events through PyYAML's C parser and builds the nodes in one
  pass, resolving plain scalars itself under YAML 1.2 (libyaml's own resolution is YAML 1.1);
  it takes only clean files: anything it would have to refuse or that the two libyaml versions
  read differently (see `_fast_tree`) goes to the other reader, which words every diagnostic;
- the reference one (ruamel.yaml's safe parser, then its composer), used as well whenever
  PyYAML's libyaml binding is missing. `tests/test_yaml_readers.py` keeps the two equal.

Anchors, aliases, merge keys, explicit tags, several documents and deep nesting are refused
before composition, so alias bombs never expand and no Python object is ever constructed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml import nodes as ruamel_nodes
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    NodeEvent,
)

from generator.model.diagnostics import Diagnostic, Severity
from generator.read.characters import first_forbidden, line_column
from generator.read.fastyaml import fast_tree
from generator.read.nodes import MappingNode, Node, Resolved, ScalarNode, SequenceNode

MAX_BYTES = 1024 * 1024
"""A record is a few kilobytes; 1 MiB leaves room for long narratives and stops abuse."""
MAX_DEPTH = 12
"""The record format nests five levels deep; anything much deeper is not a record."""

MAX_ERRORS = 100
"""Stop reading after this many errors: an alias bomb would otherwise list thousands."""

_BOM = b"\xef\xbb\xbf"
_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


@dataclass(frozen=True)
class ReadResult:
    """The composed root node, or None with the errors that prevented it."""

    node: Node | None
    errors: tuple[Diagnostic, ...]


def read_yaml(data: bytes, path: str, *, fast: bool = True) -> ReadResult:
    """Return the composed document of `data`, or the errors that make it unreadable.

    `fast=False` reads with the reference reader only (the tests compare the two)."""
    problem = _check_bytes(data, path)
    if problem is not None:
        return ReadResult(None, (problem,))
    # YAML reads CRLF and a lone CR as line breaks; so do our own position counts from here on
    text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    problem = _check_tabs(text, path) or _check_characters(text, path)
    if problem is not None:
        return ReadResult(None, (problem,))
    node = fast_tree(text, MAX_DEPTH) if fast else None
    if node is None:
        return _reference_read(text, path)
    if isinstance(node, ScalarNode) and node.resolved == "null" and not node.value:
        return ReadResult(None, (_empty(path),))
    return ReadResult(node, ())


def _reference_read(text: str, path: str) -> ReadResult:
    try:
        errors = _check_events(YAML(typ="safe").parse(io.StringIO(text)), path)
        if errors:
            return ReadResult(None, tuple(errors))
        composed = YAML(typ="safe").compose(io.StringIO(text))
    except MarkedYAMLError as exc:
        return ReadResult(None, (_syntax_error(exc, path),))
    except (YAMLError, RecursionError) as exc:  # no mark; nesting is bounded, so never expected
        return ReadResult(None, (_error("Y001", path, 1, 1, f"YAML 语法错误：{exc}",
                                        "请检查文件是否为合法的 YAML。"),))
    if composed is None or (isinstance(composed, ruamel_nodes.ScalarNode)
                            and composed.tag == _NULL and not composed.value):
        return ReadResult(None, (_empty(path),))
    return ReadResult(_converted(composed), ())


def _converted(node: ruamel_nodes.Node) -> Node:
    """Return ruamel's node tree as our own (nesting is bounded by MAX_DEPTH)."""
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if isinstance(node, ruamel_nodes.MappingNode):
        return MappingNode(line, column, [(_converted(k), _converted(v)) for k, v in node.value])
    if isinstance(node, ruamel_nodes.SequenceNode):
        return SequenceNode(line, column, [_converted(item) for item in node.value])
    assert isinstance(node, ruamel_nodes.ScalarNode)
    tag = node.tag
    resolved: Resolved = ("null" if tag == _NULL else "int" if tag == _INT
                          else "float" if tag == _FLOAT else "")
    return ScalarNode(line, column, str(node.value), not node.style, resolved)


def _empty(path: str) -> Diagnostic:
    return _error("Y010", path, 1, 1, "文件是空的，没有任何记录内容。",
                  "请按 docs/record-format 填写一条记录，或删除此文件。")


def _error(code: str, path: str, line: int, column: int, message: str, hint: str) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, path, line, column, message, hint=hint)


def oversize(size: int, path: str) -> Diagnostic:
    """Return the error for a file of `size` bytes, above MAX_BYTES."""
    return _error("Y008", path, 1, 1, f"文件过大：{size} 字节，上限为 {MAX_BYTES} 字节（1 MiB）。",
                  "一条记录只含一张自评表；请检查是否误粘贴了大段内容。")


def _check_bytes(data: bytes, path: str) -> Diagnostic | None:
    if len(data) > MAX_BYTES:
        return oversize(len(data), path)
    if data.startswith(_BOM):
        return _error("Y006", path, 1, 1, "文件以 UTF-8 BOM（字节顺序标记）开头。",
                      "请在编辑器中另存为“UTF-8（无 BOM）”。")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start:exc.start].decode("utf-8", errors="replace")) + 1
        return _error("Y005", path, line, column,
                      f"文件不是合法的 UTF-8 编码：第 {exc.start + 1} 个字节 0x{data[exc.start]:02x} 无法解码。",
                      "请在编辑器中以 UTF-8 编码另存（GBK/GB2312 编码的文件需要转换）。")
    return None


def _check_tabs(text: str, path: str) -> Diagnostic | None:
    match = _TAB_INDENT.search(text)
    if match is None:
        return None
    line = text.count("\n", 0, match.start()) + 1
    column = match.end() - match.start()
    return _error("Y007", path, line, column, "缩进中使用了制表符（Tab）；YAML 只允许用空格缩进。",
                  "请把行首的 Tab 换成空格（每级两个空格）。")


def _check_characters(text: str, path: str) -> Diagnostic | None:
    found = first_forbidden(text)
    if found is None:
        return None
    line, column = line_column(text, found.index)
    return _error("Y001", path, line, column,
                  f"第 {line} 行第 {column} 列有不允许的字符 {found.code}（{found.name}）。",
                  found.hint)


def _syntax_error(exc: MarkedYAMLError, path: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
        mark = exc.context_mark  # an unclosed quote is found at the end: point where it opens
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    detail = " ".join(part for part in (exc.context, exc.problem) if part)
    return _error("Y001", path, line, column,
                  f"YAML 语法错误：{explain_syntax(detail)}（解析器原文：{detail}）",
                  "常见原因：冒号后缺空格、引号未闭合、缩进不一致。请对照上下文修改这一行。")


# The parser's English problems, in Chinese for the publishing officer; first match wins.
_SYNTAX_EXPLANATIONS: tuple[tuple[str, str], ...] = (
    ("escape", "双引号文本中的反斜杠转义无效；如需反斜杠本身请写 \\\\ 或改用单引号"),
    ("quoted scalar", "引号没有闭合"),
    ("mapping values are not allowed", "此处不能出现“键: 值”：值里含有“: ”时请加引号，或检查缩进"),
    ("could not find expected ':'", "这一行缺少冒号（键和值之间要写“: ”）"),
    ("expected ',' or ']'", "方括号 [ ] 没有闭合，或项之间缺少逗号"),
    ("expected ',' or '}'", "花括号 { } 没有闭合，或项之间缺少逗号"),
    ("cannot start any token", "出现了不能开头的字符（例如 Tab、@ 或 `）；如是文本请加引号"),
    ("did not find expected key", "缩进不一致，或缺少“键:”"),
    ("expected <block end>", "缩进不一致：这一行与同级的行没有对齐"),
    ("did not find expected '-'", "列表项缩进不一致，或缺少“- ”"),
    ("expected <document start>", "文档结构有误：顶层内容缩进不一致"),
    ("block scalar", "多行文本（| 或 >）的写法有误"),
)


def explain_syntax(detail: str) -> str:
    """Return a Chinese explanation of a parser problem (the generic one when unknown)."""
    for needle, chinese in _SYNTAX_EXPLANATIONS:
        if needle in detail:
            return chinese
    return "文件结构无法解析"


def _check_events(events: Iterable[Event], path: str) -> list[Diagnostic]:
    """Return what the event stream breaks, reading no further than needed.

    The stream is consumed lazily: deep flow nesting costs the parser time quadratic in the
    depth ([[[[… of 1 MiB would take hours), so reading stops at the first level too deep.
    """
    errors: list[Diagnostic] = []
    depth = documents = 0
    for event in events:
        if isinstance(event, DocumentStartEvent):
            documents += 1
        errors.extend(_event_errors(event, documents, path))
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                errors.append(_error("Y013", path, mark.line + 1, mark.column + 1,
                                     f"嵌套层级过深（超过 {MAX_DEPTH} 层）。",
                                     "记录格式最多嵌套五层；请检查缩进。"))
                break
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
        if len(errors) >= MAX_ERRORS:
            break
    return errors


def _event_errors(event: Event, documents: int, path: str) -> Iterator[Diagnostic]:
    line, column = event.start_mark.line + 1, event.start_mark.column + 1
    if isinstance(event, DocumentStartEvent) and documents == 2:
        yield _error("Y011", path, line, column, "一个文件里有多个 YAML 文档（---）。",
                     "每个文件只放一条记录；请拆分成多个文件。")
    if isinstance(event, AliasEvent):
        yield _error("Y003", path, line, column, f"不允许使用 YAML 别名（*{event.anchor}）。",
                     "请把被引用的内容直接写出来。")
    elif isinstance(event, NodeEvent) and event.anchor is not None:
        yield _error("Y003", path, line, column, f"不允许使用 YAML 锚点（&{event.anchor}）。",
                     "请删除锚点，内容直接写出来。")
    tag = getattr(event, "tag", None)
    if isinstance(event, NodeEvent) and tag is not None:
        yield _error("Y004", path, line, column, f"不允许使用 YAML 标签（{tag}）。",
                     "请删除标签；需要文本时用引号括起来。")
