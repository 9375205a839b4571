"""Telegram's rules for message text, captions and inline keyboards.

Limits count characters of the text after entity parsing (tags do not count), and the text is
trimmed of surrounding whitespace first, as Telegram does.
"""

from __future__ import annotations

import json

from nanostore.emulator import telegram_errors as errors
from nanostore.emulator.html_entities import parse_html, utf16_length
from nanostore.emulator.params import Params

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64


def parse(raw: str, parse_mode: str | None, entities) -> tuple[str, list[dict]]:
    mode = (parse_mode or "").lower()
    if mode == "html":
        text, found = parse_html(raw)
    elif mode == "":
        text, found = raw, list(entities or [])
    else:
        raise errors.bad_request(errors.UNSUPPORTED_PARSE_MODE)
    return _strip(text, found)


def _strip(text: str, entities: list[dict]) -> tuple[str, list[dict]]:
    stripped = text.strip()
    if not stripped:
        return "", []
    shift = utf16_length(text[: len(text) - len(text.lstrip())])
    end = utf16_length(stripped)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        stop = min(entity["offset"] + entity["length"] - shift, end)
        if stop > start:
            kept.append(entity | {"offset": start, "length": stop - start})
    return stripped, kept


def message_text(raw, parse_mode, entities) -> tuple[str, list[dict]]:
    text, found = parse(raw or "", parse_mode, entities)
    if not text:
        raise errors.bad_request(errors.MESSAGE_TEXT_EMPTY)
    if len(text) > TEXT_LIMIT:
        raise errors.bad_request(errors.MESSAGE_TOO_LONG)
    return text, found


def caption(raw, parse_mode, entities) -> tuple[str | None, list[dict]]:
    if not raw:
        return None, []
    text, found = parse(raw, parse_mode, entities)
    if len(text) > CAPTION_LIMIT:
        raise errors.bad_request(errors.CAPTION_TOO_LONG)
    return text or None, found


def text_from(params: Params) -> tuple[str, list[dict]]:
    return message_text(params.str("text"), params.str("parse_mode"), params.json("entities"))


def caption_from(params: Params) -> tuple[str | None, list[dict]]:
    return caption(params.str("caption"), params.str("parse_mode"),
                   params.json("caption_entities"))


def reply_markup_from(params: Params) -> dict | None:
    markup = params.json("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise errors.bad_request("can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard", []):
        for button in row:
            _check_inline_button(button)
    return markup


def _check_inline_button(button: dict) -> None:
    data = button.get("callback_data")
    if data is not None and not 1 <= len(str(data).encode("utf-8")) <= CALLBACK_DATA_LIMIT:
        raise errors.bad_request(errors.BUTTON_DATA_INVALID)
    if not button.get("text"):
        raise errors.bad_request("text buttons are unallowed in the inline keyboard")


def markup_fingerprint(markup: dict | None) -> str:
    return json.dumps(markup or {}, sort_keys=True)
