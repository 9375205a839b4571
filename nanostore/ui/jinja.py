"""The one Jinja environment of the screens, and compiled-once caches over it.

Autoescape is on because Telegram HTML is the default parse mode: a product named `<b>` must
show as text. Templates load from the locales directory as `<lang>/<path>.j2`. Under `strict`
(checks and tests) an unknown variable is an error; in production it renders as nothing so a
missing field cannot take a screen down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import (ChainableUndefined, Environment, FileSystemLoader, StrictUndefined, Template,
                    TemplateNotFound, nodes)
from jinja2.environment import TemplateExpression

from nanostore.ui.layers import Folders, folder_stack
from nanostore.ui.registry import Registry

TEMPLATE_SUFFIX = ".j2"
# Where the checker keeps the trees it parsed, by (source, is-an-expression) (check_jinja).
PARSED_TREES_FIELD = "_nanostore_parsed"


class ScreenEnvironment(Environment):
    """Compiles a text from the tree the checker already parsed, when there is one.

    `nanostore check` parses every text for its syntax and locale keys, then compiles most of
    them again to render the previews; parsing twice was about a fifth of a check.
    """

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        if isinstance(source, str):
            tree = self.__dict__.get(PARSED_TREES_FIELD, {}).get((source, False))
            if isinstance(tree, nodes.Template):
                source = tree
        return super().compile(source, name, filename, raw, defer_init)


def make_environment(locales_dir: Folders, registry: Registry, *, strict: bool = False,
                     auto_reload: bool = False) -> Environment:
    env = ScreenEnvironment(  # noqa: S701 - autoescape is on
        loader=FileSystemLoader([str(folder) for folder in folder_stack(locales_dir)]),
        autoescape=True,
        undefined=StrictUndefined if strict else ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=auto_reload,
        cache_size=-1,  # never evict: every screen template stays compiled
    )
    env.filters.update(registry.filters())
    return env


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
