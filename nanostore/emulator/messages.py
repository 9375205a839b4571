"""Sending text, copying and forwarding: every bot message gets the chat's next message id."""

from __future__ import annotations

from nanostore.emulator import telegram_errors as errors
from nanostore.emulator.chats import chat_to_write, find_chat
from nanostore.emulator.core import Core
from nanostore.emulator.params import Params
from nanostore.emulator.state import ChatRecord, StoredMessage
from nanostore.emulator.text_rules import caption_from, reply_markup_from, text_from

# Content that lives in a message's extra fields rather than its text or file.
CONTENT_EXTRAS = ("contact", "location")


def new_bot_message(core: Core, chat: ChatRecord, **fields) -> StoredMessage:
    message = StoredMessage(chat_id=chat.id, message_id=chat.next_message_id(),
                            sender_id=core.state.bot.id, date=core.state.now(), from_bot=True,
                            **fields)
    return core.store(message)


def live_message(core: Core, chat_id: int, message_id: int | None) -> StoredMessage | None:
    if message_id is None:
        return None
    message = core.state.messages.get((chat_id, message_id))
    return None if message is None or message.deleted else message


async def send_message(core: Core, params: Params) -> dict:
    chat = chat_to_write(core, params)
    text, entities = text_from(params)
    markup = reply_markup_from(params)
    message = new_bot_message(core, chat, text=text, entities=entities, reply_markup=markup)
    return core.render(message)


async def copy_message(core: Core, params: Params) -> dict:
    chat = chat_to_write(core, params)
    source_chat = find_chat(core, params, "from_chat_id")
    source = live_message(core, source_chat.id, params.int("message_id"))
    if source is None:
        raise errors.bad_request(errors.MESSAGE_TO_COPY_NOT_FOUND)
    caption, caption_entities = (source.caption, source.caption_entities)
    if params.has("caption"):
        caption, caption_entities = caption_from(params)
    copy = new_bot_message(
        core, chat, text=source.text, entities=list(source.entities), caption=caption,
        caption_entities=caption_entities, media_kind=source.media_kind, file=source.file,
        reply_markup=reply_markup_from(params), extra=_content_extras(source),
    )
    return {"message_id": copy.message_id}


async def forward_message(core: Core, params: Params) -> dict:
    chat = chat_to_write(core, params)
    source_chat = find_chat(core, params, "from_chat_id")
    source = live_message(core, source_chat.id, params.int("message_id"))
    if source is None:
        raise errors.bad_request(errors.MESSAGE_TO_FORWARD_NOT_FOUND)
    forwarded = new_bot_message(
        core, chat, text=source.text, entities=list(source.entities), caption=source.caption,
        caption_entities=list(source.caption_entities), media_kind=source.media_kind,
        file=source.file, extra=_content_extras(source) | {"forward_origin": _origin(core, source)},
    )
    return core.render(forwarded)


def _content_extras(source: StoredMessage) -> dict:
    return {name: source.extra[name] for name in CONTENT_EXTRAS if name in source.extra}


def _origin(core: Core, source: StoredMessage) -> dict:
    chat = core.state.chats[source.chat_id]
    if chat.type == "channel":
        return {"type": "channel", "date": source.date, "chat": chat.to_api(),
                "message_id": source.message_id}
    sender = core.state.bot if source.from_bot else core.state.users[source.sender_id]
    return {"type": "user", "date": source.date, "sender_user": sender.to_api()}


METHODS = {"sendMessage": send_message, "copyMessage": copy_message,
           "forwardMessage": forward_message}
