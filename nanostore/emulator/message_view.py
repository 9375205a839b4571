"""Renders stored messages as Bot API Message objects."""

from __future__ import annotations

from nanostore.emulator.files import media_field
from nanostore.emulator.state import EmulatorState, StoredMessage


def message_to_api(state: EmulatorState, message: StoredMessage) -> dict:
    chat = state.chats[message.chat_id]
    data: dict = {"message_id": message.message_id, "date": message.date, "chat": chat.to_api()}
    if chat.type == "channel":
        data["sender_chat"] = chat.to_api()
    else:
        data["from"] = _sender(state, message).to_api()
    if message.edit_date:
        data["edit_date"] = message.edit_date
    if message.text is not None:
        data["text"] = message.text
        if message.entities:
            data["entities"] = message.entities
    if message.file is not None:
        data[message.media_kind] = media_field(message.file)
    if message.caption:
        data["caption"] = message.caption
        if message.caption_entities:
            data["caption_entities"] = message.caption_entities
    if message.reply_markup and "inline_keyboard" in message.reply_markup:
        # Only inline keyboards belong to a message; reply keyboards belong to the chat.
        data["reply_markup"] = message.reply_markup
    data.update(message.extra)
    return data


def _sender(state: EmulatorState, message: StoredMessage):
    if message.from_bot:
        return state.bot
    return state.users[message.sender_id]
