"""Walk a validated dialog: every widget, handler, text and condition with its YAML path."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from nanostore.ui.schema import DialogSpec, WindowSpec
from nanostore.ui.schema_parts import GetterRef, HandlerChain, TemplateText, TranslatedText
from nanostore.ui.schema_widgets import ContainerSpec, InputSpec, PagedSpec, ScrollSpec, WidgetSpec

Path = tuple
CONTAINERS = (ContainerSpec, ScrollSpec, PagedSpec)  # row, column, group; scroll; paged
HANDLER_FIELDS = ("on_click", "on_change", "on_success", "on_error")
TEXT_FIELDS = ("text", "checked_text", "error_text", "wrong_type_text")


@dataclass(frozen=True)
class WidgetAt:
    path: Path
    kind: str
    spec: WidgetSpec | InputSpec
    inside_items: bool = False  # a select inside paged/scroll still has its own callbacks


def widgets(window: WindowSpec, base: Path) -> Iterator[WidgetAt]:
    yield from _entries(window.keyboard, base + ("keyboard",))
    for index, entry in enumerate(window.inputs):
        kind, spec = entry.kind_and_spec()
        yield WidgetAt(base + ("inputs", index, kind), kind, spec)


def _entries(entries: list, base: Path) -> Iterator[WidgetAt]:
    for index, entry in enumerate(entries):
        kind, spec = entry.kind_and_spec()
        path = base + (index, kind)
        yield WidgetAt(path, kind, spec)
        if isinstance(spec, CONTAINERS):
            yield from _entries(spec.buttons, path + ("buttons",))


def windows(dialog: DialogSpec) -> Iterator[tuple[str, WindowSpec, Path]]:
    for name, window in dialog.windows.items():
        yield name, window, ("windows", name)


def handlers(widget: WidgetAt) -> Iterator[tuple[Path, str | HandlerChain]]:
    for field in HANDLER_FIELDS:
        handler = getattr(widget.spec, field, None)
        if handler is not None:
            yield widget.path + (field,), handler


# One part of a text (schema_parts.TextPart without its tags).
TextPiece = str | TranslatedText | TemplateText


def text_parts(text: Any, path: Path) -> Iterator[tuple[Path, TextPiece]]:
    """Each part of a text with its path: str, TranslatedText or TemplateText."""
    if isinstance(text, list):
        for index, part in enumerate(text):
            yield path + (index,), part
    elif text is not None:
        yield path, text


def widget_texts(widget: WidgetAt) -> Iterator[tuple[Path, TextPiece]]:
    for field in TEXT_FIELDS:
        yield from text_parts(getattr(widget.spec, field, None), widget.path + (field,))


def conditions(widget: WidgetAt) -> Iterator[tuple[Path, object]]:
    when = getattr(widget.spec, "when", None)
    if when is not None:
        yield widget.path + ("when",), when


def getter_refs(getters, path: Path) -> Iterator[tuple[Path, str, dict]]:
    if getters is None:
        return
    items = getters if isinstance(getters, list) else [getters]
    for index, item in enumerate(items):
        item_path = path + (index,) if isinstance(getters, list) else path
        if isinstance(item, GetterRef):
            yield item_path + ("name",), item.name, item.args
        else:
            yield item_path, item, {}


def is_translated(part: object) -> bool:
    return isinstance(part, TranslatedText)


def is_template(part: object) -> bool:
    return isinstance(part, TemplateText)
