"""Checks that need the whole bundle: registry names, transitions, widget ids, callback size."""

from __future__ import annotations

from collections.abc import Iterator

from nanostore.ui.callback_size import ITEM_ID_BYTES, PAGE_BYTES, TELEGRAM_LIMIT, button_bytes, item_bytes
from nanostore.ui.loader import locate
from nanostore.ui.pager_names import pager_ids
from nanostore.ui.problems import Problem, did_you_mean, problem_at
from nanostore.ui.registry import Names
from nanostore.ui.schema_parts import ConditionRef, HandlerChain, StartSpec
from nanostore.ui.schema_widgets import (
    ButtonSpec,
    CounterSpec,
    ItemsSpec,
    PagedSpec,
    ScrollSpec,
    TextInputSpec,
)
from nanostore.ui.source import ParsedScreen
from nanostore.ui.walk import WidgetAt, conditions, getter_refs, handlers, widgets, windows

Path = tuple


class ReferenceChecker:
    def __init__(self, screen: ParsedScreen, registry: Names,
                 dialogs: dict[str, list[str] | None]):
        self.screen = screen
        self.registry = registry
        # Every dialog name -> its window names; None for a file that failed to load, which
        # still declares its name so that starting it is not reported as a second error.
        self.dialogs = dialogs
        self.problems: list[Problem] = []

    def run(self) -> list[Problem]:
        spec = self.screen.spec
        self._getters(spec.getter, ("getter",))
        self._name("access", spec.access, ("access",))
        for hook in ("on_start", "on_close", "on_process_result"):
            self._name("action", getattr(spec, hook), (hook,))
        window_names = list(spec.windows)
        for name, window, path in windows(spec):
            self._getters(window.getter, path + ("getter",))
            self._name("access", window.access, path + ("access",))
            self._conditions_of(window.media, path + ("media",))
            found = list(widgets(window, path))
            for widget in found:
                self._widget(widget, window_names, name)
            self._duplicate_ids(found)
        return self.problems

    def report(self, path: Path, message: str, *, key: bool = False,
               about: frozenset[str] = frozenset()) -> None:
        position = locate(self.screen.tree, path, key=key)
        self.problems.append(problem_at(position, self.screen.file, path, message, about))

    def _name(self, kind: str, name: str | None, path: Path) -> None:
        if name is not None and not self.registry.has(kind, name):
            label = kind.replace("_", " ")
            self.report(path, f"unknown {label} '{name}'{did_you_mean(name, self.registry.names(kind))}")

    def _getters(self, getters, path: Path) -> None:
        for getter_path, name, _ in getter_refs(getters, path):
            self._name("getter", name, getter_path)

    def _conditions_of(self, spec, path: Path) -> None:
        when = getattr(spec, "when", None)
        if isinstance(when, ConditionRef):
            self._name("condition", when.condition, path + ("when", "condition"))

    def _widget(self, widget: WidgetAt, window_names: list[str], window: str) -> None:
        self._name("access", getattr(widget.spec, "access", None), widget.path + ("access",))
        for when_path, when in conditions(widget):
            if isinstance(when, ConditionRef):
                self._name("condition", when.condition, when_path + ("condition",))
        if isinstance(widget.spec, TextInputSpec):
            self._name("input_type", widget.spec.type, widget.path + ("type",))
        for handler_path, handler in handlers(widget):
            self._handler(handler, handler_path, window_names, window)
        self._callback_size(widget)

    def _handler(self, handler, path: Path, window_names: list[str], window: str) -> None:
        if isinstance(handler, str):
            self._name("action", handler, path)
            return
        assert isinstance(handler, HandlerChain)
        self._name("action", handler.action, path + ("action",))
        if handler.switch_to is not None and handler.switch_to not in window_names:
            self.report(path + ("switch_to",), f"unknown window '{handler.switch_to}'"
                        f"{did_you_mean(handler.switch_to, window_names)}")
        if handler.start is not None:
            target = handler.start.dialog if isinstance(handler.start, StartSpec) else handler.start
            start_path = path + (("start", "dialog") if isinstance(handler.start, StartSpec) else ("start",))
            if target not in self.dialogs:
                self.report(start_path, f"unknown dialog '{target}'{did_you_mean(target, self.dialogs)}",
                            about=frozenset({f"dialog:{target}"}))
        if handler.next and window == window_names[-1]:
            self.report(path + ("next",), f"there is no window after '{window}'")

    def _callback_size(self, widget: WidgetAt) -> None:
        for widget_id, size in callback_sizes(widget):
            if size > TELEGRAM_LIMIT:
                self.report(widget.path + ("id",), f"callback data can reach {size} bytes "
                            f"(Telegram allows {TELEGRAM_LIMIT}): shorten the id '{widget_id}'")

    def _duplicate_ids(self, found: list[WidgetAt]) -> None:
        seen: dict[str, Path] = {}
        for widget in found:
            for widget_id in own_ids(widget):
                if widget_id in seen:
                    first = locate(self.screen.tree, seen[widget_id])
                    self.report(widget.path + ("id",), f"widget id '{widget_id}' is already used "
                                f"in this window (line {first.line if first else '?'})")
                else:
                    seen[widget_id] = widget.path + ("id",)


def own_ids(widget: WidgetAt) -> list[str]:
    widget_id = getattr(widget.spec, "id", None)
    ids = [widget_id] if widget_id else []
    if isinstance(widget.spec, PagedSpec):
        ids.extend(pager_ids(widget.spec))
    return ids


def callback_sizes(widget: WidgetAt) -> Iterator[tuple[str, int]]:
    spec = widget.spec
    if isinstance(spec, ButtonSpec):
        yield spec.id, button_bytes(spec.id)
    elif isinstance(spec, ItemsSpec):  # select, radio, multiselect
        yield spec.id, item_bytes(spec.id, ITEM_ID_BYTES[spec.type])
    elif isinstance(spec, CounterSpec):
        yield spec.id, item_bytes(spec.id, 1)
    elif isinstance(spec, ScrollSpec):
        yield spec.id, item_bytes(spec.id, PAGE_BYTES)
    elif isinstance(spec, PagedSpec):
        for pager_id in pager_ids(spec):
            yield pager_id, item_bytes(pager_id, PAGE_BYTES)
