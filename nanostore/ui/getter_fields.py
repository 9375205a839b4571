"""The data keys a getter returns, read from its source code (for editors, not for running).

Only what can be read without running anything counts: string keys of dict literals in the
getter's own `return` statements (both arms of `a if c else b`, and a local variable that was
assigned a dict literal), and `**helper(...)` / `**await helper(...)` spreads followed one level
into a helper that itself returns dict literals. Anything else (a computed key, a dict built in
a loop) is left out: an incomplete list is still useful, a wrong one would not be.
"""

from __future__ import annotations

import ast
import functools
import inspect
import textwrap
from collections.abc import Callable, Iterator
from typing import Any

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
FindHelper = Callable[[str], FunctionNode | None]


@functools.cache  # a function's source does not change in a running process; every check asks
def getter_fields(function: Callable[..., Any]) -> tuple[str, ...]:
    """The keys of the dict a live getter returns; helpers are looked up in its module globals."""
    function = inspect.unwrap(function)  # decorators such as admin_only use functools.wraps
    node = _parse_function(function)
    if node is None:
        return ()
    namespace = getattr(function, "__globals__", {})

    def find_helper(name: str) -> FunctionNode | None:
        helper = namespace.get(name)
        return _parse_function(inspect.unwrap(helper)) if inspect.isfunction(helper) else None

    return returned_keys(node, find_helper)


def fields_in_source(source: str, function_name: str) -> tuple[str, ...]:
    """The same, for a function defined at the top level of `source` (helpers from that source)."""
    tree = ast.parse(textwrap.dedent(source))
    defined = {node.name: node for node in tree.body if isinstance(node, FunctionNode)}
    node = defined.get(function_name)
    return returned_keys(node, defined.get) if node else ()


def returned_keys(node: FunctionNode, find_helper: FindHelper) -> tuple[str, ...]:
    keys: dict[str, None] = {}  # ordered and unique: the order the source gives them
    for literal in _returned_dicts(node):
        for key in _literal_keys(literal, find_helper):
            keys[key] = None
    return tuple(keys)


def _literal_keys(literal: ast.Dict, find_helper: FindHelper | None) -> Iterator[str]:
    for key, value in zip(literal.keys, literal.values, strict=True):
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            yield key.value
        elif key is None and find_helper is not None:  # `**spread`
            helper = find_helper(_called_name(value) or "")
            if helper is not None:
                for spread in _returned_dicts(helper):
                    yield from _literal_keys(spread, None)  # one level deep, no further


def _returned_dicts(node: FunctionNode) -> Iterator[ast.Dict]:
    assigned = _dicts_assigned(node)
    for statement in _own_statements(node):
        if isinstance(statement, ast.Return) and statement.value is not None:
            yield from _dicts_in(statement.value, assigned)


def _dicts_in(value: ast.expr, assigned: dict[str, list[ast.Dict]]) -> Iterator[ast.Dict]:
    if isinstance(value, ast.Dict):
        yield value
    elif isinstance(value, ast.IfExp):
        yield from _dicts_in(value.body, assigned)
        yield from _dicts_in(value.orelse, assigned)
    elif isinstance(value, ast.Name):
        yield from assigned.get(value.id, [])


def _dicts_assigned(node: FunctionNode) -> dict[str, list[ast.Dict]]:
    found: dict[str, list[ast.Dict]] = {}
    for statement in _own_statements(node):
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) and isinstance(statement.value, ast.Dict):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(statement.value)
    return found


def _own_statements(node: ast.AST) -> Iterator[ast.stmt]:
    """Statements of this function in source order, not those of functions defined inside it."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(child, ast.stmt):
            yield child
        if isinstance(child, (ast.stmt, ast.excepthandler, ast.match_case)):
            yield from _own_statements(child)


def _called_name(value: ast.expr) -> str | None:
    if isinstance(value, ast.Await):
        value = value.value
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        return value.func.id
    return None


def _parse_function(function: Any) -> FunctionNode | None:
    try:
        source = textwrap.dedent(inspect.getsource(function))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError):
        return None  # built in, made at run time, or a lambda inside an expression
    first = tree.body[0] if tree.body else None
    return first if isinstance(first, FunctionNode) else None
