"""Turn pydantic's validation errors into located, editor-friendly problems."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from nanostore.ui.loader import YamlList, YamlMap, locate
from nanostore.ui.problems import Problem, did_you_mean, problem_at
from nanostore.ui.schema_base import AllowedKeys

_TYPE_WORDS = {"string_type": "a text", "int_type": "a whole number", "int_parsing": "a whole number",
               "float_type": "a number", "float_parsing": "a number", "bool_type": "true or false",
               "bool_parsing": "true or false", "dict_type": "a mapping (key: value)",
               "list_type": "a list", "model_type": "a mapping (key: value)",
               "model_attributes_type": "a mapping (key: value)"}


def data_path(root: Any, loc: tuple, missing_key: bool = False) -> tuple:
    """Drop pydantic's union tags from `loc`, keeping only steps that exist in the YAML data
    (and, for a missing key, the key itself)."""
    node, path = root, []
    for index, step in enumerate(loc):
        last = index == len(loc) - 1
        if _has_step(node, step):
            node = node[step]
            path.append(step)
        elif last and missing_key and isinstance(step, str) and isinstance(node, dict):
            path.append(step)  # a missing key: it belongs to this mapping
    return tuple(path)


def _has_step(node: Any, step: Any) -> bool:
    """Whether `step` is a key of this mapping or an index of this list."""
    if isinstance(node, dict):
        return step in node
    return isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)


def _parent(root: Any, path: tuple) -> Any:
    node = root
    for step in path:
        node = node[step]
    return node


def _message(error: ErrorDetails, root: Any, path: tuple, allowed: AllowedKeys) -> tuple[str, bool]:
    """The message and whether it is about a key (so point at the key, not its value)."""
    kind = error["type"]
    if kind == "extra_forbidden":
        label, choices = allowed.get(id(_parent(root, path[:-1])), ("key", ()))
        return f"unknown {label} '{path[-1]}'{did_you_mean(path[-1], choices)}", True
    if kind == "missing":
        return f"missing required key '{path[-1]}'", False  # reported on the parent's path
    if kind in _TYPE_WORDS:
        return f"expected {_TYPE_WORDS[kind]}, got {_describe(error.get('input'))}", False
    if kind == "literal_error":
        return f"must be {error['ctx']['expected']}, got {_describe(error.get('input'))}", False
    if kind == "string_pattern_mismatch":
        return f"'{error.get('input')}' has characters that are not allowed here", False
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message[:1].lower() + message[1:], False


def _describe(value: Any) -> str:
    if isinstance(value, (YamlMap, dict)):
        return "a mapping"
    if isinstance(value, (YamlList, list)):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


def validation_problems(error: ValidationError, root: Any, file: str,
                        allowed: AllowedKeys) -> list[Problem]:
    problems = []
    for item in error.errors():
        missing = item["type"] == "missing"
        path = data_path(root, item["loc"], missing_key=missing)
        message, about_key = _message(item, root, path, allowed)
        if missing:
            path = path[:-1]
        position = locate(root, path, key=about_key)
        problems.append(problem_at(position, file, path, message))
    return problems
