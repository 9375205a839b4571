"""Editing and deleting messages, with Telegram's "not modified" and "not found" answers.

Leaving reply_markup out of an edit removes the inline keyboard, as on Telegram.
"""

from __future__ import annotations

from nanostore.emulator import telegram_errors as errors
from nanostore.emulator.chats import find_chat
from nanostore.emulator.core import Core
from nanostore.emulator.files import resolve_input_file
from nanostore.emulator.messages import live_message
from nanostore.emulator.params import Params
from nanostore.emulator.state import StoredMessage
from nanostore.emulator.text_rules import (
    caption,
    caption_from,
    markup_fingerprint,
    reply_markup_from,
    text_from,
)

EDITABLE_MEDIA = {"photo", "document", "video", "animation", "audio"}


def message_to_edit(core: Core, params: Params) -> StoredMessage:
    if params.has("inline_message_id"):
        raise errors.bad_request("inline messages are not supported by the emulator")
    chat = find_chat(core, params)
    message = live_message(core, chat.id, params.int("message_id"))
    if message is None:
        raise errors.bad_request(errors.MESSAGE_TO_EDIT_NOT_FOUND)
    if not message.from_bot:
        raise errors.bad_request("message can't be edited")
    return message


def _content(message: StoredMessage) -> tuple:
    file_id = message.file.file_id if message.file else None
    return (message.text, message.entities, message.caption, message.caption_entities,
            message.media_kind, file_id, markup_fingerprint(message.reply_markup))


def _apply(core: Core, message: StoredMessage, **changes) -> dict:
    before = _content(message)
    for name, value in changes.items():
        setattr(message, name, value)
    if _content(message) == before:
        raise errors.bad_request(errors.MESSAGE_NOT_MODIFIED)
    message.edit_date = core.state.now()
    return core.render(message)


async def edit_message_text(core: Core, params: Params) -> dict:
    message = message_to_edit(core, params)
    if not message.is_text:
        raise errors.bad_request(errors.NO_TEXT_TO_EDIT)
    text, entities = text_from(params)
    return _apply(core, message, text=text, entities=entities,
                  reply_markup=reply_markup_from(params))


async def edit_message_caption(core: Core, params: Params) -> dict:
    message = message_to_edit(core, params)
    if message.media_kind is None:
        raise errors.bad_request(errors.NO_CAPTION_TO_EDIT)
    text, entities = caption_from(params)
    return _apply(core, message, caption=text, caption_entities=entities,
                  reply_markup=reply_markup_from(params))


async def edit_message_media(core: Core, params: Params) -> dict:
    message = message_to_edit(core, params)
    media = params.json("media")
    if not isinstance(media, dict) or media.get("type") not in EDITABLE_MEDIA:
        raise errors.bad_request("can't parse InputMedia JSON object")
    stored = resolve_input_file(core.state, params, media.get("media"), media["type"])
    text, entities = caption(media.get("caption"), media.get("parse_mode"),
                             media.get("caption_entities"))
    return _apply(core, message, text=None, entities=[], media_kind=media["type"], file=stored,
                  caption=text, caption_entities=entities,
                  reply_markup=reply_markup_from(params))


async def edit_message_reply_markup(core: Core, params: Params) -> dict:
    message = message_to_edit(core, params)
    return _apply(core, message, reply_markup=reply_markup_from(params))


async def delete_message(core: Core, params: Params) -> bool:
    chat = find_chat(core, params)
    message = live_message(core, chat.id, params.int("message_id"))
    if message is None:
        raise errors.bad_request(errors.MESSAGE_TO_DELETE_NOT_FOUND)
    message.deleted = True
    return True


async def delete_messages(core: Core, params: Params) -> bool:
    chat = find_chat(core, params)
    ids = params.json("message_ids")
    if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
        raise errors.bad_request("message_ids must be a list of 1-100 identifiers")
    looked_up = [live_message(core, chat.id, int(message_id)) for message_id in ids]
    found = [message for message in looked_up if message is not None]
    if not found:
        raise errors.bad_request(errors.MESSAGE_TO_DELETE_NOT_FOUND)
    for message in found:
        message.deleted = True
    return True


METHODS = {
    "editMessageText": edit_message_text, "editMessageCaption": edit_message_caption,
    "editMessageMedia": edit_message_media, "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message, "deleteMessages": delete_messages,
}
