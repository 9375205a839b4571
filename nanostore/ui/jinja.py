"""The one Jinja environment of the screens, and compiled-once caches over it.

Autoescape is on because Telegram HTML is the default parse mode: a product named `<b>` must
show as text. Templates load from the locales directory as `<lang>/<path>.j2`. Under `strict`
(checks and tests) an unknown variable is an error; in production it renders as nothing so a
missing field cannot take a screen down.
"""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

from jinja2 import (
    ChainableUndefined,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateNotFound,
    TemplateSyntaxError,
    nodes,
)
from jinja2.environment import TemplateExpression
from jinja2.parser import Parser

from nanostore.ui import check_cache
from nanostore.ui.layers import Folders
from nanostore.ui.registry import Names

TEMPLATE_SUFFIX = ".j2"
# Where the checker keeps the trees it parsed, by (source, is-an-expression) (check_jinja).
PARSED_TREES_FIELD = "_nanostore_parsed"
_OPTIONS_FIELD = "_nanostore_options"


class ScreenEnvironment(Environment):
    """Compiles each text once per content, not once per process.

    Compiled code comes from the check cache when this exact source was compiled before with
    the same options (compiling was about half of `nanostore check`); otherwise from the tree
    the checker already parsed, when there is one, so a text is not parsed twice.
    """

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        if not isinstance(source, str) or raw:
            return super().compile(source, name, filename, raw, defer_init)
        options = compile_options(self)
        if options is None:
            return super().compile(self._parsed(source), name, filename, raw, defer_init)
        cache = check_cache.pack_for(self, "jinja-code")
        key = check_cache.key_of("template", options, name or "", filename or "", str(defer_init),
                                 source)
        code = cache.get(key)
        if not isinstance(code, types.CodeType):
            code = super().compile(self._parsed(source), name, filename, raw, defer_init)
            cache.put(key, code)
        return code

    def compile_expression(self, source: str, undefined_to_none: bool = True) -> TemplateExpression:
        """As Jinja's, with the compiled code remembered like a template's."""
        options = compile_options(self)
        if options is None:
            return super().compile_expression(source, undefined_to_none)
        cache = check_cache.pack_for(self, "jinja-code")
        key = check_cache.key_of("expression", options, source)
        code = cache.get(key)
        if not isinstance(code, types.CodeType):
            code = super().compile(self._expression_tree(source))
            cache.put(key, code)
        template = self.template_class.from_code(self, code, self.make_globals(None), None)
        return TemplateExpression(template, undefined_to_none)

    def _parsed(self, source: str) -> str | nodes.Template:
        tree = self.__dict__.get(PARSED_TREES_FIELD, {}).get((source, False))
        return tree if isinstance(tree, nodes.Template) else source

    def _expression_tree(self, source: str) -> nodes.Template:
        """What Environment.compile_expression compiles (jinja2 3.1), with its errors."""
        parser = Parser(self, source, state="variable")
        try:
            expression = parser.parse_expression()
            if not parser.stream.eos:
                raise TemplateSyntaxError("chunk after expression", parser.stream.current.lineno,
                                          None, None)
            expression.set_environment(self)
        except TemplateSyntaxError:
            self.handle_exception(source=source)
        body = [nodes.Assign(nodes.Name("result", "store"), expression, lineno=1)]
        return nodes.Template(body, lineno=1)


def parse_options(env: Environment) -> str:
    """Everything besides the source that decides how Jinja parses it."""
    return repr((type(env).__qualname__, env.block_start_string, env.block_end_string,
                 env.variable_start_string, env.variable_end_string, env.comment_start_string,
                 env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
                 env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
                 env.keep_trailing_newline, sorted(env.extensions)))


def compile_options(env: Environment) -> str | None:
    """Everything besides the source that decides the code Jinja compiles it to, or None when
    that cannot be told from the outside (an autoescape or finalize function may decide
    anything), and then nothing is cached.

    Filter and test names count: compiling fails on an unknown one. Remembered per environment
    and per number of filters and tests, which only grow after make_environment.
    """
    if callable(env.autoescape) or env.finalize is not None:
        return None
    sizes = (len(env.filters), len(env.tests))
    known = env.__dict__.get(_OPTIONS_FIELD)
    if known is None or known[0] != sizes:
        options = repr((parse_options(env), env.autoescape, env.optimized, env.is_async,
                        env.sandboxed, sorted(getattr(env, "intercepted_binops", ())),
                        sorted(getattr(env, "intercepted_unops", ())),
                        env.code_generator_class.__qualname__, sorted(env.filters), sorted(env.tests)))
        known = env.__dict__[_OPTIONS_FIELD] = (sizes, options)
    return known[1]


def make_environment(locales_dir: Folders, registry: Names, *,
                     strict: bool = False, auto_reload: bool = False) -> Environment:
    """`locales_dir` is one folder or several, highest priority first."""
    env = ScreenEnvironment(
        loader=FileSystemLoader(_search_path(locales_dir)),
        autoescape=True,
        undefined=StrictUndefined if strict else ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=auto_reload,
        cache_size=-1,  # never evict: every screen template stays compiled
    )
    env.filters.update(registry.filters())
    return env


def _search_path(folders: Folders) -> str | list[str]:
    if isinstance(folders, (str, Path)):
        return str(folders)
    return [str(folder) for folder in folders]


def template_name(language: str, path: str) -> str:
    return f"{language}/{path}{TEMPLATE_SUFFIX}"


class CompiledTexts:
    """Inline strings, `when` expressions and template files, each compiled once."""

    def __init__(self, env: Environment, default_language: str):
        self.env = env
        self.default_language = default_language
        self._inline: dict[str, Template] = {}
        self._expressions: dict[str, TemplateExpression] = {}

    def inline(self, source: str) -> Template:
        template = self._inline.get(source)
        if template is None:
            template = self._inline[source] = self.env.from_string(source)
        return template

    def expression(self, source: str) -> TemplateExpression:
        compiled = self._expressions.get(source)
        if compiled is None:
            compiled = self._expressions[source] = self.env.compile_expression(
                source, undefined_to_none=False)
        return compiled

    def file(self, language: str, path: str) -> Template:
        """locales/<language>/<path>.j2, else the default language's copy."""
        try:
            return self.env.get_template(template_name(language, path))
        except TemplateNotFound:
            if language == self.default_language:
                raise
            return self.env.get_template(template_name(self.default_language, path))

    def evaluate(self, source: str, data: dict[str, Any]) -> Any:
        return self.expression(source)(**data)
