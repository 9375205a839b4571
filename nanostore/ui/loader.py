"""YAML loading that remembers where every key, value and list item came from.

Mappings load as `YamlMap` and lists as `YamlList`: plain `dict`/`list` subclasses (so pydantic
and the compiler see ordinary data) that carry a side table of positions. Scalars stay plain
Python values; their positions live in the parent's table. Duplicate keys are refused with the
position of the second occurrence, because PyYAML silently keeps the last one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


@dataclass(frozen=True)
class Position:
    file: str
    line: int  # 1-based
    column: int  # 1-based
    block: bool = False  # a `|` or `>` scalar: its text starts on the next line

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class YamlError(Exception):
    """A file that is not valid YAML, or repeats a key; carries where."""

    def __init__(self, position: Position, message: str, path: tuple = ()):
        super().__init__(f"{position}: {message}")
        self.position = position
        self.message = message
        self.path = path


class YamlMap(dict):
    position: Position
    key_positions: dict[Any, Position]
    value_positions: dict[Any, Position]


class YamlList(list):
    position: Position
    item_positions: list[Position]


def _position(file: str, node: Node) -> Position:
    mark = node.start_mark
    block = isinstance(node, ScalarNode) and node.style in ("|", ">")
    return Position(file, mark.line + 1, mark.column + 1, block)


# libyaml scans and parses several times faster; the constructors below work on either.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LocatingLoader(_BaseLoader):
    file_label = "<string>"

    def construct_yaml_map(self, node: MappingNode):
        mapping = YamlMap()
        mapping.position = _position(self.file_label, node)
        mapping.key_positions, mapping.value_positions = {}, {}
        yield mapping
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise YamlError(_position(self.file_label, key_node), "a key must be a plain value")
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_positions[key] = _position(self.file_label, key_node)
            mapping.value_positions[key] = _position(self.file_label, value_node)

    def construct_yaml_seq(self, node: SequenceNode):
        items = YamlList()
        items.position = _position(self.file_label, node)
        items.item_positions = [_position(self.file_label, child) for child in node.value]
        yield items
        items.extend(self.construct_object(child, deep=True) for child in node.value)


_LocatingLoader.add_constructor("tag:yaml.org,2002:map", _LocatingLoader.construct_yaml_map)
_LocatingLoader.add_constructor("tag:yaml.org,2002:seq", _LocatingLoader.construct_yaml_seq)


def load_yaml_text(text: str, file_label: str) -> Any:
    """Parse one YAML document; raise YamlError with a position on any mistake."""
    try:
        loader = _LocatingLoader(text)
    except yaml.YAMLError as error:  # the reader refuses control characters up front
        raise YamlError(Position(file_label, 1, 1), str(error).splitlines()[0]) from None
    loader.file_label = file_label
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _refuse_duplicate_keys(node, file_label, ())
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlError(Position(file_label, line, column), error.problem or str(error)) from None
    except yaml.YAMLError as error:
        raise YamlError(Position(file_label, 1, 1), str(error)) from None
    finally:
        loader.dispose()


def _refuse_duplicate_keys(node: Node, file_label: str, path: tuple) -> None:
    """PyYAML keeps the last of two equal keys silently; an editor's typo must not vanish."""
    if isinstance(node, MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key is not None and key in seen:
                raise YamlError(_position(file_label, key_node), f"duplicate key '{key}'", path + (key,))
            seen.add(key)
            _refuse_duplicate_keys(value_node, file_label, path + (key,))
    elif isinstance(node, SequenceNode):
        for index, child in enumerate(node.value):
            _refuse_duplicate_keys(child, file_label, path + (index,))


def load_yaml_file(path: Path, file_label: str | None = None) -> Any:
    return load_yaml_text(path.read_text(encoding="utf-8"), file_label or str(path))


def locate(root: Any, path: tuple, *, key: bool = False) -> Position | None:
    """The position of the value at `path` (or of its key), or the closest ancestor's."""
    node, found = root, getattr(root, "position", None)
    for index, step in enumerate(path):
        last = index == len(path) - 1
        if isinstance(node, YamlMap) and step in node:
            found = node.key_positions[step] if (last and key) else node.value_positions[step]
            node = node[step]
        elif isinstance(node, YamlList) and isinstance(step, int) and 0 <= step < len(node):
            found, node = node.item_positions[step], node[step]
        else:
            break
    return found
