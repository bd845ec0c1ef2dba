"""The node tree a record file reads into: positions and scalar text, nothing constructed.

Both YAML readers (`yamlread`: libyaml through PyYAML, or ruamel.yaml) produce these nodes, so
the schema walk sees one shape whichever parsed the file. Lines and columns are 1-based.
"""

from __future__ import annotations

from typing import Literal

Resolved = Literal["null", "int", "float", ""]
"""What a plain scalar reads as under YAML 1.2 when it matters to the schema; "" otherwise."""


class Node:
    """A node and where it starts."""

    __slots__ = ("column", "line")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column


class ScalarNode(Node):
    """A scalar: its text as parsed (escapes applied), plain or not, and its YAML 1.2 reading."""

    __slots__ = ("plain", "resolved", "value")

    def __init__(self, line: int, column: int, value: str, plain: bool, resolved: Resolved) -> None:
        self.line = line  # not through super().__init__: a record has hundreds of nodes
        self.column = column
        self.value = value
        self.plain = plain
        self.resolved: Resolved = resolved if plain else ""


class SequenceNode(Node):
    """A list: its items in order."""

    __slots__ = ("value",)

    def __init__(self, line: int, column: int, value: list[Node]) -> None:
        self.line = line
        self.column = column
        self.value = value


class MappingNode(Node):
    """A mapping: its (key, value) pairs in order, duplicates kept (the walk reports them)."""

    __slots__ = ("value",)

    def __init__(self, line: int, column: int, value: list[tuple[Node, Node]]) -> None:
        self.line = line
        self.column = column
        self.value = value


def shape(node: Node) -> object:
    """Return the tree as plain nested tuples (positions, text, readings): two readers agree
    exactly when their shapes are equal."""
    if isinstance(node, ScalarNode):
        return ("scalar", node.line, node.column, node.value, node.plain, node.resolved)
    if isinstance(node, SequenceNode):
        return ("seq", node.line, node.column, tuple(shape(item) for item in node.value))
    assert isinstance(node, MappingNode)
    return ("map", node.line, node.column,
            tuple((shape(k), shape(v)) for k, v in node.value))
