"""Sending media: photos, documents, videos, voice notes, animations and media groups."""

from __future__ import annotations

import secrets

from nanostore.emulator import telegram_errors as errors
from nanostore.emulator.chats import chat_to_write
from nanostore.emulator.core import Core
from nanostore.emulator.files import input_file_param, resolve_input_file
from nanostore.emulator.messages import new_bot_message
from nanostore.emulator.params import Params
from nanostore.emulator.text_rules import caption, caption_from, reply_markup_from

MEDIA_KINDS = ("photo", "document", "video", "voice", "animation")
GROUPABLE_KINDS = {"photo", "document", "video", "audio"}


def _sender_of(kind: str):
    async def send_media(core: Core, params: Params) -> dict:
        chat = chat_to_write(core, params)
        text, entities = caption_from(params)
        markup = reply_markup_from(params)
        stored = input_file_param(core.state, params, kind, kind)
        message = new_bot_message(core, chat, caption=text, caption_entities=entities,
                                  media_kind=kind, file=stored, reply_markup=markup)
        return core.render(message)

    send_media.__name__ = f"send_{kind}"
    return send_media


async def send_media_group(core: Core, params: Params) -> list[dict]:
    chat = chat_to_write(core, params)
    items = params.json("media")
    if not isinstance(items, list) or not 2 <= len(items) <= 10:
        raise errors.bad_request(errors.MEDIA_GROUP_SIZE)
    prepared = [_group_item(core, params, item) for item in items]
    group_id = str(secrets.randbits(60))
    sent = []
    for kind, stored, text, entities in prepared:
        message = new_bot_message(core, chat, caption=text, caption_entities=entities,
                                  media_kind=kind, file=stored,
                                  extra={"media_group_id": group_id})
        sent.append(core.render(message))
    return sent


def _group_item(core: Core, params: Params, item: dict):
    kind = item.get("type")
    if kind not in GROUPABLE_KINDS:
        raise errors.bad_request("wrong media type in the media group")
    stored = resolve_input_file(core.state, params, item.get("media"), kind)
    text, entities = caption(item.get("caption"), item.get("parse_mode"),
                             item.get("caption_entities"))
    return kind, stored, text, entities


METHODS = {f"send{kind.capitalize()}": _sender_of(kind) for kind in MEDIA_KINDS}
METHODS["sendMediaGroup"] = send_media_group
