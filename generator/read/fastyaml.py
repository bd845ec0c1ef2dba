"""The fast reader: libyaml's events (PyYAML's C parser) → our node tree, in one pass.

It reads only clean files and returns None for everything else, which the reference reader
(ruamel.yaml, `yamlread`) then reads and words, so every diagnostic stays the reference's:
- anything to refuse: a tag, an anchor, an alias, a second document, a directive
  (`%YAML 1.1` would change what plain scalars mean), nesting deeper than the limit;
- anything libyaml cannot parse (a syntax error);
- what PyYAML's libyaml (0.2.x) reads differently from the one in ruamel.yaml.clib (0.1.7): a
  plain scalar inside brackets or braces holding `:` or `?` (`{a:1}` is a key "a:1" for 0.2.x,
  an error for 0.1.7), a tab anywhere, an explicit document end (`...`);
- no document at all.

Plain scalars are resolved here under YAML 1.2 with ruamel.yaml's own patterns (null, float,
int, tried in ruamel's order), never by libyaml's YAML 1.1 rules (`yes`, `0o17`, `1:30`).
"""

from __future__ import annotations

import re
from typing import Any

from generator.read.nodes import MappingNode, Node, Resolved, ScalarNode, SequenceNode

try:
    from yaml import CBaseLoader as _CParser  # type: ignore[import-untyped]
    from yaml import YAMLError
    from yaml.events import (  # type: ignore[import-untyped]
        DocumentEndEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )
except ImportError:  # PyYAML without libyaml (or without PyYAML): the reference reader only
    _CParser = None

AVAILABLE = _CParser is not None
"""Whether PyYAML's libyaml binding is installed."""

# ruamel.yaml's YAML 1.2 implicit resolvers (resolver.py), verbatim, in the order it tries them.
_FLOAT = re.compile('''^(?:
         [-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\\.(?:inf|Inf|INF)
        |\\.(?:nan|NaN|NAN))$''', re.X)
_INT = re.compile('''^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$''', re.X)
_NULL = re.compile('''^(?: ~
        |null|Null|NULL
        | )$''', re.X)
_FLOAT_FIRST = frozenset("-+0123456789.")
_INT_FIRST = frozenset("-+0123456789")
_NULL_FIRST = frozenset("~nN")


def resolve(value: str) -> Resolved:
    """Return what a plain scalar reads as under YAML 1.2, as ruamel.yaml resolves it.

    Only null, float and int matter to the schema walk; bool, timestamp and the rest read as
    "" like any text. No pattern starts with a character two of them share but float and int,
    and ruamel tries float first."""
    if not value:
        return "null"
    first = value[0]
    if first in _FLOAT_FIRST:
        if _FLOAT.match(value):
            return "float"
        if first in _INT_FIRST and _INT.match(value):
            return "int"
        return ""
    if first in _NULL_FIRST and _NULL.match(value):
        return "null"
    return ""


def fast_tree(text: str, max_depth: int) -> Node | None:
    """Return the node tree of `text`, or None when the reference reader must read it."""
    if _CParser is None or "\t" in text:
        return None
    parser: Any = _CParser(text)
    try:
        return _build(parser, max_depth)
    except YAMLError:
        return None
    finally:
        parser.dispose()


def _build(parser: Any, max_depth: int) -> Node | None:
    get = parser.get_event
    get()  # StreamStartEvent
    documents = 0
    root: Node | None = None
    # open collections: (is a mapping, line, column, children so far, is flow)
    stack: list[tuple[bool, int, int, list[Node], bool]] = []
    children: list[Node] = []
    flow = 0
    while True:
        event = get()
        kind = event.__class__
        if kind is ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                return None
            value = event.value
            mark = event.start_mark
            if event.style:
                node: Node = ScalarNode(mark.line + 1, mark.column + 1, value, False, "")
            else:
                if flow and (":" in value or "?" in value):
                    return None
                node = ScalarNode(mark.line + 1, mark.column + 1, value, True, resolve(value))
            children.append(node)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None or len(stack) >= max_depth:
                return None
            mark = event.start_mark
            is_flow = bool(event.flow_style)
            stack.append((kind is MappingStartEvent, mark.line + 1, mark.column + 1, children,
                          is_flow))
            flow += is_flow
            children = []
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            is_mapping, line, column, parent, is_flow = stack.pop()
            flow -= is_flow
            if is_mapping:
                pairs = iter(children)
                node = MappingNode(line, column, list(zip(pairs, pairs, strict=False)))
            else:
                node = SequenceNode(line, column, children)
            children = parent
            children.append(node)
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1 or event.version is not None or event.tags:
                return None
        elif kind is DocumentEndEvent:
            if event.explicit:
                return None
            root = children[0] if children else None
        elif kind is StreamEndEvent:
            return root
        else:  # AliasEvent, or anything unforeseen
            return None
