"""Render every window with its `preview_data` under StrictUndefined, in every language.

Catches a variable the getter would not provide (or preview_data forgot), a wrong attribute,
a bad filter argument: what would otherwise be a blank or broken screen in production. The
context is the one `nanostore preview` renders with (dialog_data and start_data default to
empty), so that a window the check passes also renders on the preview page.

An undefined name is reported where it is written: the .j2 file's line and column, the
locale message, or the inline text's spot in the screen file; with the closest name the window
does have.
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Any

from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError

from nanostore.ui.check_jinja import source_line
from nanostore.ui.i18n import Translator
from nanostore.ui.jinja import TEMPLATE_SUFFIX, CompiledTexts
from nanostore.ui.loader import Position, locate
from nanostore.ui.problems import Problem, problem_at
from nanostore.ui.render_origin import (
    Missing,
    RenderOrigin,
    missing_name,
    render_origin,
    suggestion,
    undefined_owner,
)
from nanostore.ui.rendering import render_part
from nanostore.ui.schema_parts import ConditionRef
from nanostore.ui.schema_widgets import UrlSpec
from nanostore.ui.source import ParsedScreen, display_path
from nanostore.ui.walk import getter_refs, text_parts, widgets, windows

Path = tuple
ITEM_KINDS = ("select", "radio", "multiselect")
# Names every text has besides the window's data (runtime.py render_context).
ALWAYS_THERE = ("t", "locale", "dialog_data", "start_data")


class PreviewChecker:
    def __init__(self, texts: CompiledTexts, translator: Translator, registry: Any = None, *,
                 quiet_repeats: bool = False):
        self.texts = texts
        self.translator = translator
        self.registry = registry
        # Syntax errors and missing templates are reported by the text and locale checks;
        # when those found anything, a render failing on them would say it a second time.
        self.quiet_repeats = quiet_repeats
        self.problems: list[Problem] = []
        self._seen: set[tuple] = set()
        self._lines: dict[str, list[str]] = {}

    def check(self, screen: ParsedScreen) -> None:
        for name, window, path in windows(screen.spec):
            fields = self._getter_fields(screen.spec.getter, window.getter)
            for language in self.translator.locales.languages:
                _Window(self, screen, window, path, name, fields).render(language)

    def _getter_fields(self, *getters) -> dict[str, str]:
        """Field -> the getter giving it, for the did-you-mean of an undefined name."""
        fields_of = getattr(self.registry, "getter_fields", None)
        found: dict[str, str] = {}
        if fields_of is None:
            return found
        for getter in getters:
            for _, name, _ in getter_refs(getter, ()):
                try:
                    fields = fields_of(name)
                except Exception:  # noqa: BLE001 - an unknown getter is reported elsewhere
                    continue
                found.update({field: name for field in fields if field not in found})
        return found

    def report(self, screen: ParsedScreen, path: Path, error: Exception, language: str,
               context: dict, fields: dict[str, str], window: str) -> None:
        if self.quiet_repeats and isinstance(error, (TemplateSyntaxError, TemplateNotFound)):
            return
        if isinstance(error, UndefinedError):
            found = self._undefined(screen, path, error, language, context, fields, window)
            if found is not None:
                return self._add(*found)
        message = describe(error)
        self._add((screen.file, path, message), problem_at(
            locate(screen.tree, path), screen.file, path, f"preview ({language}): {message}"))

    def _add(self, key: tuple, problem: Problem) -> None:
        if key not in self._seen:  # the same mistake in every language is one problem
            self._seen.add(key)
            self.problems.append(problem)

    def _undefined(self, screen: ParsedScreen, path: Path, error: UndefinedError, language: str,
                   context: dict, fields: dict[str, str], window: str) -> tuple | None:
        missing, origin = missing_name(error), render_origin(error)
        if missing is None or origin is None:
            return None
        candidates = _candidates(missing, error, origin, context, fields)
        message = f"{error.message}{suggestion(missing, candidates, fields)}"
        rendering = f" — rendering {screen.file} windows.{window}"
        if origin.kind == "file" and origin.filename is not None:  # "file" always has its name
            file = display_path(FilePath(origin.filename))
            column = self._column(file, origin.lineno, 0, missing)
            return (file, origin.lineno, column, message), problem_at(
                Position(file, origin.lineno, column), file, self._template_name(origin.filename),
                message + rendering)
        if origin.kind == "message":
            found = self._message_position(origin, missing)
            if found is not None:
                at, key = found
                return (at.file, at.line, at.column, message), problem_at(
                    at, at.file, key, message + rendering)
        inline = self._inline_position(screen, path, origin, missing)
        return (screen.file, path, message), problem_at(
            inline, screen.file, path, f"preview ({language}): {message}")

    def _inline_position(self, screen: ParsedScreen, path: Path, origin: RenderOrigin,
                         missing: Missing) -> Position | None:
        start = locate(screen.tree, path)
        return self._in_scalar(start, origin.lineno, missing)

    def _message_position(self, origin: RenderOrigin, missing: Missing) -> tuple[Position, str] | None:
        if origin.message_key is None:  # a "message" origin always has its key
            return None
        language, key = origin.message_key
        entry = self.translator.locales.entries.get(language, {}).get(key)
        if entry is None or entry.position is None:
            return None
        where = self._in_scalar(entry.position, origin.lineno, missing)  # found with a start
        return (where, key) if where is not None else None

    def _in_scalar(self, start: Position | None, lineno: int, missing: Missing) -> Position | None:
        """The name's spot inside a YAML scalar that starts at `start`."""
        if start is None:
            return None
        line = source_line(start.line, start.block, lineno)
        first_line = lineno == 1 and not start.block
        column = self._column(start.file, line, start.column - 1 if first_line else 0, missing,
                              fallback=start.column if first_line else 1)
        return Position(start.file, line, column)

    def _column(self, file: str, line: int, start: int, missing: Missing, fallback: int = 1) -> int:
        lines = self._file_lines(file)
        if not 0 < line <= len(lines):
            return fallback
        found = missing.column_in(lines[line - 1], start)
        return found + 1 if found is not None else fallback

    def _file_lines(self, file: str) -> list[str]:
        if file not in self._lines:
            try:
                self._lines[file] = FilePath(file).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                self._lines[file] = []
        return self._lines[file]

    def _template_name(self, filename: str) -> str:
        """locales/en/wallet/main.j2 -> wallet/main, as screens name it."""
        path = FilePath(filename).resolve()
        for folder in self.translator.locales.directories:
            try:
                relative = path.relative_to(folder.resolve())
            except ValueError:
                continue
            return FilePath(*relative.parts[1:]).as_posix().removesuffix(TEMPLATE_SUFFIX)
        return path.stem


class _Window:
    """One window rendered in one language, as the preview page would."""

    def __init__(self, checker: PreviewChecker, screen: ParsedScreen, window, path: Path,
                 name: str, fields: dict[str, str]):
        self.checker, self.screen, self.window, self.path = checker, screen, window, path
        self.name, self.fields = name, fields

    def render(self, language: str) -> None:
        window, path = self.window, self.path
        data = {"dialog_data": {}, "start_data": {}, "middleware_data": {}, **plain(window.preview_data)}
        context = {**data, "t": self.checker.translator.for_language(language), "locale": language}
        for part_path, part in text_parts(window.text, path + ("text",)):
            self._render(part_path, part, context)
        self._media(path + ("media",), context)
        for widget in widgets(window, path):
            if not self._shown(widget.spec, widget.path, context):
                continue
            widget_context = self._widget_context(widget, context, data)
            for field in ("text", "checked_text"):
                for part_path, part in text_parts(getattr(widget.spec, field, None), widget.path + (field,)):
                    self._render(part_path, part, widget_context)
            if isinstance(widget.spec, UrlSpec):  # url, web_app
                self._render(widget.path + ("url",), widget.spec.url, context)

    def _media(self, path: Path, context: dict) -> None:
        media = self.window.media
        if media is None or not self._shown(media, path, context):
            return
        kind, source = media.source()
        self._render(path + (kind,), source, context)

    def _widget_context(self, widget, context: dict, data: dict) -> dict[str, Any]:
        # As runtime.py render_context: every text also has t, locale and the dialog's data.
        extra = {"t": context["t"], "locale": context["locale"], "dialog_data": data["dialog_data"],
                 "start_data": data["start_data"]}
        if widget.kind in ITEM_KINDS:
            items = data.get(widget.spec.items)
            item = items[0] if isinstance(items, list) and items else {}
            return {"data": data, "item": item, "target_item": item, "pos": 1, "pos0": 0, **extra}
        if widget.kind == "counter":
            return {"value": widget.spec.default, "data": data, **extra}
        return context

    def _shown(self, spec, path: Path, context: dict) -> bool:
        when = getattr(spec, "when", None)
        if when is None or isinstance(when, ConditionRef):
            return True
        try:
            return bool(self.checker.texts.evaluate(when, context))
        except Exception as error:  # noqa: BLE001 - any failure is a content problem to report
            self._report(path + ("when",), error, context)
            return False

    def _render(self, path: Path, part: Any, context: dict) -> None:
        try:
            render_part(part, context, self.checker.texts, self.checker.translator)
        except Exception as error:  # noqa: BLE001 - any failure is a content problem to report
            self._report(path, error, context)

    def _report(self, path: Path, error: Exception, context: dict) -> None:
        self.checker.report(self.screen, path, error, context["locale"], context, self.fields, self.name)


def _candidates(missing: Missing, error: UndefinedError, origin: RenderOrigin, context: dict,
                fields: dict[str, str]) -> list[str]:
    if missing.attribute:
        owner = undefined_owner(error, missing.name)
        return [str(key) for key in owner] if isinstance(owner, dict) else []
    names = [*context, *fields, *ALWAYS_THERE, *_template_variables(origin)]
    return list(dict.fromkeys(str(name) for name in names))


def _template_variables(origin: RenderOrigin) -> list[str]:
    """Loop variables and `set` names the template had there (not Jinja's own globals)."""
    builtins = {"range", "dict", "lipsum", "cycler", "joiner", "namespace"}
    return [name for name in origin.variables if name not in builtins]


def plain(value: Any) -> Any:
    """preview_data as plain dicts and lists: Jinja names a missing attribute's owner by its
    type, and an editor should read 'dict object', not the loader's YamlMap."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def describe(error: Exception) -> str:
    if isinstance(error, UndefinedError):
        return f"{error.message} (add it to preview_data or the getter)"
    if isinstance(error, TemplateNotFound):
        return f"template not found: {error.name}"
    return f"{type(error).__name__}: {error}"
