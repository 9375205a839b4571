"""Keyboard widgets and inputs. In YAML each is a one-key mapping: `- button: {...}`."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, model_validator

from nanostore.ui.schema_base import ID_PATTERN, Spec
from nanostore.ui.schema_parts import Handler, Text, When

ACCESS_HELP = "who may see and use it: an access name the host registered (nanostore catalogue)"


class ButtonSpec(Spec):
    id: str = Field(pattern=ID_PATTERN)
    text: Text
    on_click: Handler | None = None
    when: When | None = None
    access: str | None = Field(None, description=ACCESS_HELP)


class UrlSpec(Spec):
    id: str | None = Field(None, pattern=ID_PATTERN)
    text: Text
    url: str = Field(description="Jinja string: the link to open")
    when: When | None = None


class ItemsSpec(Spec):
    id: str = Field(pattern=ID_PATTERN)
    items: str = Field(description="the window data key holding the list of items")
    item_id: str = Field("id", description="the item key whose value identifies it")
    type: Literal["str", "int"] = "str"
    text: Text = Field(description="rendered per item: `item` is the item, `data` the window data")
    when: When | None = None
    access: str | None = Field(None, description=ACCESS_HELP)


class SelectSpec(ItemsSpec):
    on_click: Handler | None = None


class RadioSpec(ItemsSpec):
    checked_text: Text
    on_change: Handler | None = None


class MultiselectSpec(RadioSpec):
    min_selected: int = Field(0, ge=0)
    max_selected: int = Field(0, ge=0, description="0 means no limit")


class CounterSpec(Spec):
    id: str = Field(pattern=ID_PATTERN)
    text: Text | None = Field(None, description="the middle button; `value` is the number")
    min: float = 0
    max: float = 999999
    step: float = 1
    default: float = 0
    on_change: Handler | None = None
    when: When | None = None


class ContainerSpec(Spec):
    id: str | None = Field(None, pattern=ID_PATTERN)
    buttons: list[WidgetEntry] = Field(min_length=1)
    when: When | None = None
    access: str | None = Field(None, description=ACCESS_HELP)


class GroupSpec(ContainerSpec):
    width: int = Field(1, ge=1, le=8)


class ScrollSpec(Spec):
    """All rows are in memory; pages of `height` rows. For long lists use `paged`."""
    id: str = Field(pattern=ID_PATTERN)
    buttons: list[WidgetEntry] = Field(min_length=1)
    height: int = Field(5, ge=1)
    width: int = Field(1, ge=1, le=8, description="buttons per row")
    when: When | None = None
    access: str | None = Field(None, description=ACCESS_HELP)


class PagedSpec(Spec):
    """The getter loads one page; it receives `page` and returns the page count under `pages`."""
    id: str = Field(pattern=ID_PATTERN)
    buttons: list[WidgetEntry] = Field(min_length=1)
    pages: str = Field("pages", description="the window data key holding the number of pages")
    pager: Literal["arrows", "numbers"] = "arrows"
    when: When | None = None
    access: str | None = Field(None, description=ACCESS_HELP)


class WidgetEntry(Spec):
    unknown_label: ClassVar[str] = "widget"
    button: ButtonSpec | None = None
    url: UrlSpec | None = None
    web_app: UrlSpec | None = None
    select: SelectSpec | None = None
    radio: RadioSpec | None = None
    multiselect: MultiselectSpec | None = None
    counter: CounterSpec | None = None
    row: ContainerSpec | None = None
    column: ContainerSpec | None = None
    group: GroupSpec | None = None
    scroll: ScrollSpec | None = None
    paged: PagedSpec | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> WidgetEntry:
        if len(self.model_fields_set) != 1:
            raise ValueError("a widget is a mapping with exactly one key, like `- button: {...}`")
        return self

    def kind_and_spec(self) -> tuple[str, WidgetSpec]:
        (kind,) = self.model_fields_set
        return kind, getattr(self, kind)


class TextInputSpec(Spec):
    id: str = Field(pattern=ID_PATTERN)
    type: str = Field("str", description="an input type: str, int, positive_int, money or a registered one")
    min_length: int | None = Field(None, ge=0)
    max_length: int | None = Field(None, ge=1)
    on_success: Handler
    on_error: Handler | None = None
    error_text: Text | None = Field(None, description="shown when the value is rejected")


ContentKind = Literal["text", "photo", "document", "video", "voice", "animation", "audio", "sticker"]


class MessageInputSpec(Spec):
    id: str | None = Field(None, pattern=ID_PATTERN)
    content_types: list[ContentKind] = Field(min_length=1)
    on_success: Handler
    wrong_type_text: Text | None = Field(None, description="shown for any other kind of message")


class InputEntry(Spec):
    unknown_label: ClassVar[str] = "input"
    text_input: TextInputSpec | None = None
    message_input: MessageInputSpec | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> InputEntry:
        if len(self.model_fields_set) != 1:
            raise ValueError("an input is a mapping with exactly one key, like `- text_input: {...}`")
        return self

    def kind_and_spec(self) -> tuple[str, InputSpec]:
        (kind,) = self.model_fields_set
        return kind, getattr(self, kind)


# What a WidgetEntry or an InputEntry holds (its one key names the kind).
WidgetSpec = (ButtonSpec | UrlSpec | SelectSpec | RadioSpec | MultiselectSpec | CounterSpec | ContainerSpec
              | GroupSpec | ScrollSpec | PagedSpec)
InputSpec = TextInputSpec | MessageInputSpec


# The containers refer to WidgetEntry, defined after them; with defer_build (schema_base.py)
# pydantic resolves that name from this module when a container is first validated.
