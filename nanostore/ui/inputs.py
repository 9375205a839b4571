"""`text_input` and `message_input`: what a person types or sends while a window is open."""

from __future__ import annotations

from typing import Any

from aiogram.types import Message
from aiogram_dialog.widgets.input import MessageInput, TextInput

from nanostore.ui.handlers import HandlerRunner
from nanostore.ui.notice import INVALID_INPUT_KEY, WRONG_CONTENT_KEY, set_notice
from nanostore.ui.runtime import Runtime
from nanostore.ui.schema_parts import TranslatedText
from nanostore.ui.schema_widgets import InputEntry, MessageInputSpec, TextInputSpec
from nanostore.ui.texts import ScreenText


def compile_input(entry: InputEntry, runtime: Runtime):
    _, spec = entry.kind_and_spec()
    if isinstance(spec, TextInputSpec):
        return compile_text_input(spec, runtime)
    return compile_message_input(spec, runtime)


def length_checked(spec: TextInputSpec, parse):
    def parse_with_limits(text: str) -> Any:
        if spec.min_length is not None and len(text) < spec.min_length:
            raise ValueError("too short")
        if spec.max_length is not None and len(text) > spec.max_length:
            raise ValueError("too long")
        return parse(text)
    return parse_with_limits


async def show_text(manager, text_spec, runtime: Runtime, params: dict[str, Any]) -> None:
    # Only the input's own params: the window's getters are not re-run for one short note.
    rendered = await ScreenText(text_spec, runtime).render_text(params, manager)
    set_notice(manager, rendered)


def compile_text_input(spec: TextInputSpec, runtime: Runtime) -> TextInput:
    success = HandlerRunner(spec.on_success, runtime, spec.id)
    failure = HandlerRunner(spec.on_error, runtime, spec.id) if spec.on_error else None
    error_text = spec.error_text or TranslatedText(t=INVALID_INPUT_KEY)

    async def on_success(message: Message, widget, manager, value):
        await success.run(message, manager, value=value)

    async def on_error(message: Message, widget, manager, error: ValueError):
        if failure is not None:
            await failure.run(message, manager, value=message.text)
            return
        params = {"text": message.text, "reason": str(error), "type": spec.type,
                  "min_length": spec.min_length, "max_length": spec.max_length}
        await show_text(manager, error_text, runtime, params)

    parse = length_checked(spec, runtime.registry.get("input_type", spec.type))
    return TextInput(id=spec.id, type_factory=parse, on_success=on_success, on_error=on_error)


def message_value(message: Message) -> Any:
    """A JSON-safe value for `$value`: the file id of what was sent, or the text."""
    if message.photo:
        return message.photo[-1].file_id
    for kind in ("document", "video", "voice", "animation", "audio", "sticker"):
        attachment = getattr(message, kind)
        if attachment is not None:
            return attachment.file_id
    return message.text


def compile_message_input(spec: MessageInputSpec, runtime: Runtime) -> MessageInput:
    success = HandlerRunner(spec.on_success, runtime, spec.id)
    wrong_text = spec.wrong_type_text or TranslatedText(t=WRONG_CONTENT_KEY)
    accepted = set(spec.content_types)

    async def on_message(message: Message, widget, manager):
        if message.content_type in accepted:
            await success.run(message, manager, value=message_value(message))
            return
        await show_text(manager, wrong_text, runtime,
                        {"expected": ", ".join(spec.content_types), "got": str(message.content_type)})

    return MessageInput(on_message, id=spec.id)
