"""YAML loading that remembers where every key, value and list item came from.

Mappings load as `YamlMap` and lists as `YamlList`: plain `dict`/`list` subclasses (so pydantic
and the compiler see ordinary data) that carry a side table of positions. Scalars stay plain
Python values; their positions live in the parent's table. Duplicate keys are refused with the
position of the second occurrence, because PyYAML silently keeps the last one.
"""

from __future__ import annotations

import gc
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from nanostore.ui import check_cache


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
if TYPE_CHECKING:  # the same interface: type checkers see the pure-Python one
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STR_TAG, MAP_TAG, SEQ_TAG = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


class _LocatingLoader(_BaseLoader):
    """PyYAML's own (generator-based) construction with positions: used only for the rare
    tags the direct builder below leaves to PyYAML (`!!set`, `!!omap`, ...)."""

    file_label = "<string>"

    def construct_yaml_map(self, node: MappingNode):
        mapping = YamlMap()
        yield mapping
        _TreeBuilder(self).fill_map(mapping, node)

    def construct_yaml_seq(self, node: SequenceNode):
        items = YamlList()
        yield items
        _TreeBuilder(self).fill_list(items, node)


_LocatingLoader.add_constructor(MAP_TAG, _LocatingLoader.construct_yaml_map)
_LocatingLoader.add_constructor(SEQ_TAG, _LocatingLoader.construct_yaml_seq)


class _TreeBuilder:
    """Builds the tree from the composed nodes by plain recursion.

    PyYAML's constructor drives a generator per mapping and list and keeps a deep-construction
    state machine; with positions on top that was most of a file's load time.
    """

    def __init__(self, loader: _LocatingLoader):
        self.loader = loader
        self.file = loader.file_label
        self.built: dict[int, Any] = {}  # id(node) -> value: an alias is the same object

    def build(self, node: Node) -> Any:
        found = self.built.get(id(node))
        if found is not None:
            return found
        tag = node.tag
        if tag == STR_TAG and isinstance(node, ScalarNode):
            return node.value
        if tag == MAP_TAG and isinstance(node, MappingNode):
            mapping = self.built[id(node)] = YamlMap()
            return self.fill_map(mapping, node)
        if tag == SEQ_TAG and isinstance(node, SequenceNode):
            items = self.built[id(node)] = YamlList()
            return self.fill_list(items, node)
        construct = self.loader.yaml_constructors.get(tag)
        if isinstance(node, ScalarNode) and construct is not None:
            value = self.built[id(node)] = construct(self.loader, node)  # int, bool, null, ...
            return value
        return self.loader.construct_object(node, deep=True)

    def fill_map(self, mapping: YamlMap, node: MappingNode) -> YamlMap:
        file = self.file
        mapping.position = _position(file, node)
        key_positions: dict[Any, Position] = {}
        value_positions: dict[Any, Position] = {}
        mapping.key_positions, mapping.value_positions = key_positions, value_positions
        self.loader.flatten_mapping(node)  # `<<: *defaults` merge keys
        for key_node, value_node in node.value:
            key = self.build(key_node)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise YamlError(_position(file, key_node), "a key must be a plain value")
            mapping[key] = self.build(value_node)
            key_positions[key] = _position(file, key_node)
            value_positions[key] = _position(file, value_node)
        return mapping

    def fill_list(self, items: YamlList, node: SequenceNode) -> YamlList:
        file = self.file
        items.position = _position(file, node)
        items.item_positions = [_position(file, child) for child in node.value]
        items.extend(self.build(child) for child in node.value)
        return items


def load_yaml_text(text: str, file_label: str) -> Any:
    """Parse one YAML document; raise YamlError with a position on any mistake.

    A text seen before (same content, same label) comes from the check cache."""
    cache = check_cache.pack("yaml")
    key = check_cache.key_of(file_label, text)
    outcome = _cached_outcome(cache, key)
    if outcome is None:
        outcome = _parse_outcome(text, file_label)
        cache.put(key, pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL))
    if outcome[0] == "error":
        raise YamlError(*outcome[1:])
    return outcome[1]


def _cached_outcome(cache: check_cache.Pack, key: str) -> tuple | None:
    stored = cache.get(key)
    if stored is None:
        return None
    collecting = gc.isenabled()
    gc.disable()  # a tree is thousands of new objects: collections midway found nothing to free
    try:
        return pickle.loads(stored)  # a fresh copy each time: callers may change their tree
    except Exception:  # noqa: BLE001 - an unreadable entry is a miss, never a failure
        cache.forget(key)
        return None
    finally:
        if collecting:
            gc.enable()


def _parse_outcome(text: str, file_label: str) -> tuple:
    """("tree", value) or ("error", position, message, path): both are worth remembering."""
    try:
        return "tree", _parse(text, file_label)
    except YamlError as error:
        return "error", error.position, error.message, error.path


def _parse(text: str, file_label: str) -> Any:
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
        return _TreeBuilder(loader).build(node)
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
