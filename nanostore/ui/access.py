"""Who may use a dialog, a window or a button: `access: <name>` in the YAML.

The engine does not know what a name means. The host registers each name it offers as an
`access` rule in the registry, a function of the update's middleware data answering "does the
person of this update hold it?"; the checker reports a name nobody registered.

What a thing needs adds up down the tree: a dialog's `access`, its window's, the containers a
button sits in, the button's own, and, for a button that opens another dialog or window, what
that target needs (so a button is hidden exactly when following it would be refused). The
dialog switch asks before any getter or handler of the dialog runs (buttons, inputs, forged or
stale callbacks alike); window getters ask again, for windows opened from code; hidden buttons
are simply not drawn.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiogram.types import CallbackQuery, TelegramObject
from aiogram_dialog.utils import remove_intent_id

from nanostore.ui.registry import Registry
from nanostore.ui.schema import DialogSpec, WindowSpec
from nanostore.ui.schema_parts import HandlerChain, StartSpec
from nanostore.ui.walk import CONTAINERS, HANDLER_FIELDS

Needs = tuple[str, ...]


class AccessRefused(Exception):
    """The person of this update lacks `name`; the host's error handler tells them and closes
    the screen (see setup_access_refusal)."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


@dataclass
class AccessMap:
    windows: dict[tuple[str, str], Needs] = field(default_factory=dict)
    widgets: dict[tuple[str, str, str], Needs] = field(default_factory=dict)
    by_spec: dict[int, Needs] = field(default_factory=dict)  # id(widget spec): its own needs

    @classmethod
    def of(cls, dialogs: Mapping[str, DialogSpec]) -> AccessMap:
        found = cls()
        for dialog_name, dialog in dialogs.items():
            for window_name, window in dialog.windows.items():
                window_needs = _names(dialog.access, window.access)
                found.windows[dialog_name, window_name] = window_needs
                for spec, needs in _widget_needs(window.keyboard, (), dialog_name, dialog, dialogs):
                    found.by_spec[id(spec)] = needs
                    widget_id = getattr(spec, "id", None)
                    if widget_id:
                        found.widgets[dialog_name, window_name, widget_id] = _names(window_needs, needs)
        return found

    def of_update(self, dialog: str, window: str, event: TelegramObject) -> Needs:
        """What handling this update in that window needs: the window's needs, and for a
        callback the needs of the button it names (unknown data needs the window's only)."""
        needs = self.windows.get((dialog, window), ())
        if isinstance(event, CallbackQuery) and event.data:
            _, data = remove_intent_id(event.data)
            widget_id = data.split(":", 1)[0]
            needs = self.widgets.get((dialog, window, widget_id), needs)
        return needs


def first_missing(needs: Iterable[str], registry: Registry, data: Mapping[str, Any]) -> str | None:
    for name in needs:
        if not registry.get("access", name)(data):
            return name
    return None


def require(needs: Iterable[str], registry: Registry, data: Mapping[str, Any]) -> None:
    missing = first_missing(needs, registry, data)
    if missing is not None:
        raise AccessRefused(missing)


def _names(*parts: str | Iterable[str] | None) -> Needs:
    found: list[str] = []
    for part in parts:
        for name in [part] if isinstance(part, str) else (part or ()):
            if name not in found:
                found.append(name)
    return tuple(found)


def _widget_needs(entries: list, inherited: Needs, dialog_name: str, dialog: DialogSpec,
                  dialogs: Mapping[str, DialogSpec]):
    for entry in entries:
        _, spec = entry.kind_and_spec()
        needs = _names(inherited, getattr(spec, "access", None),
                       *(_target_needs(handler, dialog, dialogs) for handler in _handlers(spec)))
        yield spec, needs
        if isinstance(spec, CONTAINERS):
            yield from _widget_needs(spec.buttons, needs, dialog_name, dialog, dialogs)


def _handlers(spec: Any):
    for name in HANDLER_FIELDS:
        handler = getattr(spec, name, None)
        if handler is not None:
            yield handler


def _target_needs(handler: Any, dialog: DialogSpec, dialogs: Mapping[str, DialogSpec]) -> Needs:
    chain = HandlerChain(action=handler) if isinstance(handler, str) else handler
    if chain.switch_to is not None:
        window: WindowSpec | None = dialog.windows.get(chain.switch_to)
        return _names(window.access) if window is not None else ()
    if chain.start is not None:
        start = chain.start if isinstance(chain.start, StartSpec) else StartSpec(dialog=chain.start)
        target = dialogs.get(start.dialog)
        if target is None:
            return ()
        first = next(iter(target.windows.values()))
        return _names(target.access, first.access)
    return ()
