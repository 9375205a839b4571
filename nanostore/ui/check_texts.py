"""Jinja in screen files: syntax of every inline text and expression; locale keys they use."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from jinja2 import Environment

from nanostore.ui.check_jinja import glue_problems, source_line, syntax_error, translation_keys
from nanostore.ui.loader import Position, locate
from nanostore.ui.notice_keys import INVALID_INPUT_KEY, WRONG_CONTENT_KEY
from nanostore.ui.problems import Problem, problem_at
from nanostore.ui.schema_parts import TemplateText, TranslatedText
from nanostore.ui.source import ParsedScreen
from nanostore.ui.walk import TextPiece, text_parts, widget_texts, widgets, windows

Path = tuple


@dataclass(frozen=True)
class Usage:
    """Where a locale key or template is used, for problems about it."""
    file: str
    position: Position | None
    path: Path


@dataclass
class TextChecker:
    env: Environment
    problems: list[Problem] = field(default_factory=list)
    keys: dict[str, Usage] = field(default_factory=dict)
    templates: dict[str, Usage] = field(default_factory=dict)

    def check(self, screen: ParsedScreen) -> None:
        for _, window, path in windows(screen.spec):
            for part_path, part in text_parts(window.text, path + ("text",)):
                self._part(screen, part_path, part)
            for source_path, source, expression in media_sources(window, path):
                self._jinja(screen, source_path, source, expression)
            for widget in widgets(window, path):
                for part_path, part in widget_texts(widget):
                    self._part(screen, part_path, part)
                for source_path, source, expression in widget_sources(widget):
                    self._jinja(screen, source_path, source, expression)
                self._default_keys(screen, widget)

    def _part(self, screen: ParsedScreen, path: Path, part: TextPiece) -> None:
        usage = Usage(screen.file, locate(screen.tree, path), path)
        if isinstance(part, TranslatedText):
            key_path = path + ("t",)
            self.keys.setdefault(part.t, Usage(screen.file, locate(screen.tree, key_path), key_path))
            if part.count is not None:
                self._jinja(screen, path + ("count",), part.count, True)
        elif isinstance(part, TemplateText):
            self.templates.setdefault(part.template, Usage(
                screen.file, locate(screen.tree, path + ("template",)), path + ("template",)))
        else:
            self._jinja(screen, path, part, False)
            for key, _ in translation_keys(self.env, part):
                self.keys.setdefault(key, usage)

    def _jinja(self, screen: ParsedScreen, path: Path, source: str, expression: bool) -> None:
        found = syntax_error(self.env, source, expression=expression)
        if found is None:
            if not expression:
                self.problems += glue_problems(self.env, source, locate(screen.tree, path),
                                               screen.file, path)
            return
        lineno, message = found
        position = locate(screen.tree, path)
        if position is not None:
            position = Position(position.file, source_line(position.line, position.block, lineno),
                                position.column if lineno == 1 else 1)
        self.problems.append(problem_at(position, screen.file, path, message))

    def _default_keys(self, screen: ParsedScreen, widget) -> None:
        defaults = {"text_input": ("error_text", INVALID_INPUT_KEY),
                    "message_input": ("wrong_type_text", WRONG_CONTENT_KEY)}
        if widget.kind in defaults:
            field_name, key = defaults[widget.kind]
            if getattr(widget.spec, field_name) is None:
                self.keys.setdefault(key, Usage(screen.file, locate(screen.tree, widget.path),
                                                widget.path))


def media_sources(window, path: Path) -> Iterator[tuple[Path, str, bool]]:
    if window.media is None:
        return
    kind, source = window.media.source()
    yield path + ("media", kind), source, False
    if isinstance(window.media.when, str):
        yield path + ("media", "when"), window.media.when, True


def widget_sources(widget) -> Iterator[tuple[Path, str, bool]]:
    if widget.kind in ("url", "web_app"):
        yield widget.path + ("url",), widget.spec.url, False
    when = getattr(widget.spec, "when", None)
    if isinstance(when, str):
        yield widget.path + ("when",), when, True
