"""Text, media and `when` widgets compiled from the YAML text forms."""

from __future__ import annotations

import html
import logging
from typing import Any

from aiogram.types import ContentType
from aiogram_dialog import DialogManager
from aiogram_dialog.api.entities import MediaAttachment, MediaId
from aiogram_dialog.widgets.common import Whenable, WhenCondition
from aiogram_dialog.widgets.media import Media
from aiogram_dialog.widgets.text import Text

from nanostore.ui.media_files import find_media
from nanostore.ui.notice import take_notice
from nanostore.ui.rendering import render_part
from nanostore.ui.runtime import Runtime
from nanostore.ui.schema import MediaSpec
from nanostore.ui.schema_parts import ConditionRef

log = logging.getLogger("nanostore.screens")


class ScreenText(Text):
    """A text form (inline Jinja, {t: key}, {template: path} or a list of them).

    `plain` texts (button labels, URLs, texts without HTML parse mode) are not parsed as HTML
    by Telegram, so the escaping autoescape added is undone after rendering.
    """

    def __init__(self, text: Any, runtime: Runtime, when: WhenCondition = None, *,
                 plain: bool = False):
        super().__init__(when=when)
        self.parts = text if isinstance(text, list) else [text]
        self.runtime = runtime
        self.plain = plain

    async def _render_text(self, data: dict, manager: DialogManager) -> str:
        context = self.runtime.render_context(data, manager)
        text = "\n".join(render_part(part, context, self.runtime.texts, self.runtime.translator)
                          for part in self.parts)
        return html.unescape(text) if self.plain else text


class WindowText(ScreenText):
    """The window's main text, with a pending note (an error, a rejected input) above it."""

    async def _render_text(self, data: dict, manager: DialogManager) -> str:
        text = await super()._render_text(data, manager)
        notice = take_notice(manager)
        return f"{notice}\n\n{text}" if notice else text


class ScreenMedia(Media):
    def __init__(self, spec: MediaSpec, runtime: Runtime, when: WhenCondition = None):
        super().__init__(when=when)
        self.kind, self.source = spec.source()
        self.content_type = ContentType(spec.type)
        self.runtime = runtime

    async def _render_media(self, data: dict, manager: DialogManager) -> MediaAttachment | None:
        context = self.runtime.render_context(data, manager)
        value = html.unescape(self.runtime.texts.inline(self.source).render(context)).strip()
        if not value:
            return None
        if self.kind == "file_id":
            return MediaAttachment(self.content_type, file_id=MediaId(value))
        if self.kind == "path":
            return self._file(value)
        return MediaAttachment(self.content_type, url=value)  # the last of file_id, path, url

    def _file(self, value: str) -> MediaAttachment | None:
        found = find_media(self.runtime.media_dirs, value)
        if found is None:
            # The checker reports a missing file; at run time the text still shows without it.
            log.warning("media file %r is not in %s", value,
                        ", ".join(map(str, self.runtime.media_dirs)) or "any media folder")
            return None
        return MediaAttachment(self.content_type, path=str(found))


def condition(when: Any, runtime: Runtime) -> WhenCondition:
    """`when:` as an aiogram-dialog predicate (they are synchronous)."""
    if when is None:
        return None
    if isinstance(when, ConditionRef):
        check = runtime.registry.get("condition", when.condition)

        def registered(data: dict, widget: Whenable, manager: DialogManager) -> bool:
            return bool(check(data, manager))
        return registered

    def expression(data: dict, widget: Whenable, manager: DialogManager) -> bool:
        return bool(runtime.texts.evaluate(when, data))
    return expression
