"""Render every window with its `preview_data` under StrictUndefined, in every language.

Catches a variable the getter would not provide (or preview_data forgot), a wrong attribute,
a bad filter argument: what would otherwise be a blank or broken screen in production.
"""

from __future__ import annotations

from typing import Any

from jinja2 import TemplateNotFound, UndefinedError

from nanostore.ui.i18n import Translator
from nanostore.ui.jinja import CompiledTexts
from nanostore.ui.loader import locate
from nanostore.ui.problems import Problem, problem_at
from nanostore.ui.schema_parts import ConditionRef
from nanostore.ui.source import ParsedScreen
from nanostore.ui.texts import render_part
from nanostore.ui.walk import text_parts, widgets, windows

Path = tuple
ITEM_KINDS = ("select", "radio", "multiselect")


class PreviewChecker:
    def __init__(self, texts: CompiledTexts, translator: Translator):
        self.texts = texts
        self.translator = translator
        self.problems: list[Problem] = []
        self._seen: set[tuple[str, Path, str]] = set()

    def check(self, screen: ParsedScreen) -> None:
        for _, window, path in windows(screen.spec):
            for language in self.translator.locales.languages:
                self._window(screen, window, path, language)

    def _window(self, screen: ParsedScreen, window, path: Path, language: str) -> None:
        data = {"dialog_data": {}, "start_data": {}, "middleware_data": {}, **window.preview_data}
        context = {**data, "t": self.translator.for_language(language), "locale": language}
        for part_path, part in text_parts(window.text, path + ("text",)):
            self._render(screen, part_path, part, context)
        for widget in widgets(window, path):
            if not self._shown(screen, widget, context):
                continue
            for field in ("text", "checked_text"):
                for part_path, part in text_parts(getattr(widget.spec, field, None), widget.path + (field,)):
                    self._render(screen, part_path, part, self._widget_context(widget, context, data))
            if widget.kind in ("url", "web_app"):
                self._render(screen, widget.path + ("url",), widget.spec.url, context)

    def _widget_context(self, widget, context: dict, data: dict) -> dict[str, Any]:
        extra = {"t": context["t"], "locale": context["locale"]}
        if widget.kind in ITEM_KINDS:
            items = data.get(widget.spec.items)
            item = items[0] if isinstance(items, list) and items else {}
            return {"data": data, "item": item, "target_item": item, "pos": 1, "pos0": 0, **extra}
        if widget.kind == "counter":
            return {"value": widget.spec.default, "data": data, **extra}
        return context

    def _shown(self, screen: ParsedScreen, widget, context: dict) -> bool:
        when = getattr(widget.spec, "when", None)
        if when is None or isinstance(when, ConditionRef):
            return True
        try:
            return bool(self.texts.evaluate(when, context))
        except Exception as error:  # noqa: BLE001 - any failure is a content problem to report
            self._report(screen, widget.path + ("when",), error, context["locale"])
            return False

    def _render(self, screen: ParsedScreen, path: Path, part: Any, context: dict) -> None:
        try:
            render_part(part, context, self.texts, self.translator)
        except Exception as error:  # noqa: BLE001 - any failure is a content problem to report
            self._report(screen, path, error, context["locale"])

    def _report(self, screen: ParsedScreen, path: Path, error: Exception, language: str) -> None:
        message = describe(error)
        if (screen.file, path, message) in self._seen:
            return  # the same mistake in every language is one problem
        self._seen.add((screen.file, path, message))
        position = locate(screen.tree, path)
        self.problems.append(problem_at(position, screen.file, path,
                                        f"preview ({language}): {message}"))


def describe(error: Exception) -> str:
    if isinstance(error, UndefinedError):
        return f"{error.message} (add it to preview_data or the getter)"
    if isinstance(error, TemplateNotFound):
        return f"template not found: {error.name}"
    return f"{type(error).__name__}: {error}"
