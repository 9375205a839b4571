"""The shape of one screen file (one dialog). Window keys become state names: keep them stable."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from nanostore.ui.schema_base import NAME_PATTERN, Spec
from nanostore.ui.schema_parts import Getters, Text, When
from nanostore.ui.schema_widgets import ACCESS_HELP, InputEntry, WidgetEntry


class MediaSpec(Spec):
    type: Literal["photo", "video", "document", "animation"]
    file_id: str | None = Field(None, description="Jinja string; empty result shows no media")
    url: str | None = None
    path: str | None = None
    when: When | None = None

    @model_validator(mode="after")
    def _one_source(self) -> MediaSpec:
        given = [kind for kind in ("file_id", "url", "path") if getattr(self, kind) is not None]
        if len(given) != 1:
            raise ValueError("media needs exactly one of file_id, url, path")
        return self

    def source(self) -> tuple[str, str]:
        for kind in ("file_id", "url", "path"):
            value = getattr(self, kind)
            if value is not None:
                return kind, value
        raise ValueError("media needs one of file_id, url, path")


class WindowSpec(Spec):
    access: str | None = Field(None, description=ACCESS_HELP)
    getter: Getters | None = None
    text: Text
    media: MediaSpec | None = None
    keyboard: list[WidgetEntry] = Field(default_factory=list)
    inputs: list[InputEntry] = Field(default_factory=list)
    parse_mode: Literal["HTML", "MarkdownV2", "Markdown"] | None = "HTML"
    disable_web_page_preview: bool = False
    preview_data: dict[str, Any] = Field(default_factory=dict)


class DialogSpec(Spec):
    dialog: str = Field(pattern=NAME_PATTERN)
    launch_mode: Literal["root", "standard", "exclusive", "single_top"] = "standard"
    access: str | None = Field(None, description=ACCESS_HELP)
    getter: Getters | None = None
    on_start: str | None = None
    on_close: str | None = None
    on_process_result: str | None = None
    windows: dict[str, WindowSpec] = Field(min_length=1)
