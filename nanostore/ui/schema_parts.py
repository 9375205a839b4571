"""Small value forms shared by windows and widgets: texts, conditions, getters, handlers."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, Tag, model_validator

from nanostore.ui.schema_base import NAME_PATTERN, Spec, discriminated, shape_of

# Each member of a union below carries the tag its discriminator function returns for it.
# Written out (not built by a helper) so type checkers read them as types.
String = Annotated[str, Tag("string")]


class TranslatedText(Spec):
    """`{t: key}`: a short string from locales/<lang>/messages.yaml, rendered with window data."""
    shape_tag: ClassVar[str] = "t"
    t: str
    count: str | None = Field(None, description="Jinja expression choosing the plural form")


class TemplateText(Spec):
    """`{template: path}`: the file locales/<lang>/<path>.j2."""
    shape_tag: ClassVar[str] = "template"
    template: str = Field(pattern=r"^[a-zA-Z0-9_\-/]+$")


def _text_part_shape(value: Any) -> str | None:
    return shape_of(value, ("t", "template"))


TextPart = Annotated[
    String | Annotated[TranslatedText, Tag("t")] | Annotated[TemplateText, Tag("template")],
    discriminated(_text_part_shape, "a text is a string, {t: key} or {template: path}"),
]


def _text_shape(value: Any) -> str | None:
    return "list" if isinstance(value, list) else _text_part_shape(value)


Text = Annotated[
    String | Annotated[TranslatedText, Tag("t")] | Annotated[TemplateText, Tag("template")]
    | Annotated[list[TextPart], Tag("list")],
    discriminated(_text_shape, "a text is a string, {t: key}, {template: path} or a list of them"),
]


class ConditionRef(Spec):
    shape_tag: ClassVar[str] = "condition"
    condition: str


When = Annotated[
    String | Annotated[ConditionRef, Tag("condition")],
    discriminated(lambda v: shape_of(v, ("condition",)),
                  "`when` is a Jinja expression or {condition: name}"),
]


class GetterRef(Spec):
    shape_tag: ClassVar[str] = "name"
    name: str
    args: dict[str, Any] = Field(default_factory=dict)


GetterItem = Annotated[
    String | Annotated[GetterRef, Tag("name")],
    discriminated(lambda v: shape_of(v, ("name",)), "a getter is a name or {name, args}"),
]
Getters = Annotated[
    String | Annotated[GetterRef, Tag("name")] | Annotated[list[GetterItem], Tag("list")],
    discriminated(lambda v: shape_of(v, ("name",)),
                  "a getter is a name, {name, args} or a list of them"),
]


class StartSpec(Spec):
    shape_tag: ClassVar[str] = "dialog"
    dialog: str
    data: dict[str, Any] | None = None
    mode: Literal["normal", "reset_stack", "new_stack"] = "normal"


class DoneSpec(Spec):
    shape_tag: ClassVar[str] = "result"
    result: Any = None


StartTarget = Annotated[
    String | Annotated[StartSpec, Tag("dialog")] | Annotated[StartSpec, Tag("mapping")],
    discriminated(lambda v: shape_of(v, ("dialog",)), "`start` is a dialog name or {dialog, data, mode}"),
]
DoneValue = Annotated[
    Annotated[Literal[True], Tag("true")] | Annotated[DoneSpec, Tag("result")]
    | Annotated[DoneSpec, Tag("mapping")],
    discriminated(lambda v: "true" if v is True else shape_of(v, ("result",)),
                  "`done` is `true` or {result: value}"),
]

TRANSITIONS = ("switch_to", "start", "back", "next", "done")


class HandlerChain(Spec):
    """Steps run in this order: set, pop, action, then at most one transition."""
    shape_tag: ClassVar[str] = "chain"
    set: dict[str, Any] | None = None
    pop: str | list[str] | None = None
    action: str | None = None
    args: dict[str, Any] | None = None
    switch_to: str | None = Field(None, pattern=NAME_PATTERN)
    start: StartTarget | None = None
    back: Literal[True] | None = None
    next: Literal[True] | None = None
    done: DoneValue | None = None

    @model_validator(mode="after")
    def _one_transition(self) -> HandlerChain:
        chosen = self.transitions()
        if len(chosen) > 1:
            raise ValueError(f"only one transition per handler, got {', '.join(chosen)}")
        if self.args is not None and self.action is None:
            raise ValueError("`args` needs an `action`")
        if not chosen and not (self.set or self.pop or self.action):
            raise ValueError("a handler needs at least one step")
        return self

    def transitions(self) -> list[str]:
        return [name for name in TRANSITIONS if getattr(self, name) is not None]

    def is_pure_transition(self) -> bool:
        return self.action is None and len(self.transitions()) == 1


def _handler_shape(value: Any) -> str | None:
    if isinstance(value, str):
        return "string"
    return "chain" if isinstance(value, (dict, HandlerChain)) else None


Handler = Annotated[
    String | Annotated[HandlerChain, Tag("chain")],
    discriminated(_handler_shape, "a handler is an action name or a mapping of steps"),
]
