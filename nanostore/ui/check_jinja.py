"""Jinja syntax and the locale keys a piece of Jinja uses, without rendering it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from jinja2 import Environment, TemplateSyntaxError, nodes
from jinja2.parser import Parser

from nanostore.ui.jinja import PARSED_TREES_FIELD
from nanostore.ui.problems import did_you_mean

_NO_FILTER = re.compile(r"No filter named '([^']+)'")


def syntax_error(env: Environment, source: str, *, expression: bool = False
                 ) -> tuple[int, str] | None:
    """(line within the source, message) for a Jinja mistake, else None.

    Parsing is enough (and much cheaper than compiling); unknown filters, which Jinja only
    notices when compiling, are found by walking the parsed tree.
    """
    try:
        tree = _parse(env, source, expression)
    except TemplateSyntaxError as error:
        return error.lineno or 1, explain(error, env)
    for node in tree.find_all(nodes.Filter):
        if node.name not in env.filters:
            return node.lineno, f"unknown filter '{node.name}'{did_you_mean(node.name, env.filters)}"
    for node in tree.find_all(nodes.Test):
        if node.name not in env.tests:
            return node.lineno, f"unknown test '{node.name}'{did_you_mean(node.name, env.tests)}"
    return None


def _parse(env: Environment, source: str, expression: bool) -> nodes.Node:
    """Parsed once per environment: the checker asks about the same text for its syntax, its
    filters and its locale keys, and parsing dominates a check."""
    cache = env.__dict__.setdefault(PARSED_TREES_FIELD, {})
    key = (source, expression)
    if key not in cache:
        try:
            cache[key] = _parse_uncached(env, source, expression)
        except TemplateSyntaxError as error:
            cache[key] = error
    found = cache[key]
    if isinstance(found, TemplateSyntaxError):
        raise found
    return found


def _parse_uncached(env: Environment, source: str, expression: bool) -> nodes.Node:
    if not expression:
        return env.parse(source)
    parser = Parser(env, source, state="variable")
    node = parser.parse_expression()
    if not parser.stream.eos:
        raise TemplateSyntaxError("unexpected text after the expression", parser.stream.current.lineno)
    return node


def explain(error: TemplateSyntaxError, env: Environment) -> str:
    message = error.message or "syntax error"
    unknown = _NO_FILTER.search(message)
    if unknown:
        name = unknown.group(1)
        return f"unknown filter '{name}'{did_you_mean(name, env.filters)}"
    return f"Jinja: {message}"


def translation_keys(env: Environment, source: str) -> Iterator[tuple[str, int]]:
    """Keys of `t('literal', ...)` calls with their line within the source."""
    try:
        tree = _parse(env, source, False)
    except TemplateSyntaxError:
        return
    for call in tree.find_all(nodes.Call):
        if (isinstance(call.node, nodes.Name) and call.node.name == "t" and call.args
                and isinstance(call.args[0], nodes.Const) and isinstance(call.args[0].value, str)):
            yield call.args[0].value, call.lineno


def source_line(base_line: int, block: bool, lineno: int) -> int:
    """The file line of line `lineno` inside a YAML scalar starting at `base_line`."""
    return base_line + lineno if block else base_line + lineno - 1
