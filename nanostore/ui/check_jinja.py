"""Jinja syntax and the locale keys a piece of Jinja uses, without rendering it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from jinja2 import Environment, TemplateSyntaxError, nodes
from jinja2.parser import Parser

from nanostore.ui import check_cache
from nanostore.ui.check_whitespace import glued_lines
from nanostore.ui.jinja import PARSED_TREES_FIELD, parse_options
from nanostore.ui.loader import Position
from nanostore.ui.problems import Problem, did_you_mean, problem_at

_NO_FILTER = re.compile(r"No filter named '([^']+)'")
_FACTS_FIELD = "_nanostore_facts"

# What the checker needs to know of a text, small enough to keep on disk (check_cache):
# (syntax error as (line, message) or None, filters used, tests used, `t('key')` calls,
# line breaks whitespace control removes between two lines of text), the middle three as
# ((name, line), ...) in the order Jinja's tree lists them, the last as ((line, column, message), ...).
Facts = tuple


def syntax_error(env: Environment, source: str, *, expression: bool = False
                 ) -> tuple[int, str] | None:
    """(line within the source, message) for a Jinja mistake, else None.

    Parsing is enough (and much cheaper than compiling); unknown filters, which Jinja only
    notices when compiling, are found by walking the parsed tree.
    """
    error, filters, tests, _, _ = _facts(env, source, expression)
    if error is not None:
        return error[0], explain(error[1], env)
    for name, lineno in filters:
        if name not in env.filters:
            return lineno, f"unknown filter '{name}'{did_you_mean(name, env.filters)}"
    for name, lineno in tests:
        if name not in env.tests:
            return lineno, f"unknown test '{name}'{did_you_mean(name, env.tests)}"
    return None


def glued_breaks(env: Environment, source: str) -> tuple[tuple[int, int, str], ...]:
    """(line, column, message) within the source for each place where whitespace control makes
    one line of text run into the next (check_whitespace.py); none for a text that fails to parse."""
    return _facts(env, source, False)[4]


def translation_keys(env: Environment, source: str) -> Iterator[tuple[str, int]]:
    """Keys of `t('literal', ...)` calls with their line within the source."""
    yield from _facts(env, source, False)[3]


def _facts(env: Environment, source: str, expression: bool) -> Facts:
    """Found once per environment, and across runs through the check cache: the checker asks
    about the same text for its syntax, its filters and its locale keys, and parsing
    dominated a check."""
    known = env.__dict__.setdefault(_FACTS_FIELD, {})
    facts = known.get((source, expression))
    if facts is None:
        cache = check_cache.pack_for(env, "jinja-facts")
        key = check_cache.key_of("expression" if expression else "template", parse_options(env), source)
        facts = cache.get(key)
        if not _well_formed(facts):
            facts = _parse_facts(env, source, expression)
            cache.put(key, facts)
        known[(source, expression)] = facts
    return facts


def _parse_facts(env: Environment, source: str, expression: bool) -> Facts:
    try:
        tree = _parse(env, source, expression)
    except TemplateSyntaxError as error:
        return (error.lineno or 1, error.message or ""), (), (), (), ()
    if not expression:  # the previews compile it next: from this tree, not from the text again
        env.__dict__.setdefault(PARSED_TREES_FIELD, {})[(source, expression)] = tree
    filters = tuple((node.name, node.lineno) for node in tree.find_all(nodes.Filter))
    tests = tuple((node.name, node.lineno) for node in tree.find_all(nodes.Test))
    keys = tuple((call.args[0].value, call.lineno) for call in tree.find_all(nodes.Call)
                 if isinstance(call.node, nodes.Name) and call.node.name == "t" and call.args
                 and isinstance(call.args[0], nodes.Const) and isinstance(call.args[0].value, str))
    return None, filters, tests, keys, _glued(env, source, expression)


def _glued(env: Environment, source: str, expression: bool) -> tuple[tuple[int, int, str], ...]:
    if expression or "\n" not in source:
        return ()  # one line cannot run into the next
    found = glued_lines(source, trim_blocks=env.trim_blocks, lstrip_blocks=env.lstrip_blocks,
                        parsed=True)
    return tuple((glued.marker_line, glued.column, glued.message) for glued in found)


def _well_formed(facts: object) -> bool:
    return isinstance(facts, tuple) and len(facts) == 5


def _parse(env: Environment, source: str, expression: bool) -> nodes.Node:
    if not expression:
        return env.parse(source)
    parser = Parser(env, source, state="variable")
    node = parser.parse_expression()
    if not parser.stream.eos:
        raise TemplateSyntaxError("unexpected text after the expression", parser.stream.current.lineno)
    return node


def explain(message: str, env: Environment) -> str:
    message = message or "syntax error"
    unknown = _NO_FILTER.search(message)
    if unknown:
        name = unknown.group(1)
        return f"unknown filter '{name}'{did_you_mean(name, env.filters)}"
    return f"Jinja: {message}"


def glue_problems(env: Environment, source: str, start: Position | None, file: str,
                  path: tuple | str) -> list[Problem]:
    """Each line break whitespace control removes between two lines of text, as a problem at
    its spot in the file: `start` is where the source begins (a template file's 1:1, or the
    YAML scalar holding the text)."""
    problems = []
    for lineno, column, message in glued_breaks(env, source):
        position = None
        if start is not None:
            line = source_line(start.line, start.block, lineno)
            on_first_line = lineno == 1 and not start.block
            position = Position(start.file, line, start.column + column - 1 if on_first_line else column)
        problems.append(problem_at(position, file, path, message))
    return problems


def source_line(base_line: int, block: bool, lineno: int) -> int:
    """The file line of line `lineno` inside a YAML scalar starting at `base_line`."""
    return base_line + lineno if block else base_line + lineno - 1
