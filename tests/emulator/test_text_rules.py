"""Telegram's limits on text, captions, HTML and buttons, seen through aiogram."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup


@pytest.fixture
def ann(emulator):
    return emulator.person(1, "Ann")


async def test_limit_counts_text_after_entity_parsing(bot, ann):
    sent = await bot.send_message(ann.id, f"<b>{'a' * 4096}</b>")
    assert len(sent.text) == 4096 and sent.entities[0].type == "bold"


async def test_text_over_4096_is_too_long(bot, ann):
    with pytest.raises(TelegramBadRequest, match="^Telegram server says - Bad Request: message is too long$"):
        await bot.send_message(ann.id, "a" * 4097)


async def test_empty_text_after_parsing(bot, ann):
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(ann.id, "<b> </b>")


async def test_caption_over_1024_is_too_long(bot, ann):
    photo = BufferedInputFile(b"jpeg", "p.jpg")
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_photo(ann.id, photo, caption="c" * 1025)


@pytest.mark.parametrize(("html", "detail"), [
    ("hi <foo>x</foo>", 'Unsupported start tag "foo" at byte offset 3'),
    ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
    ("x</b>", "Unexpected end tag at byte offset 1"),
    ("é <br>", 'Unsupported start tag "br" at byte offset 3'),  # offsets count UTF-8 bytes
])
async def test_html_parse_errors(bot, ann, html, detail):
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_message(ann.id, html)
    assert caught.value.message == f"Bad Request: can't parse entities: {detail}"


async def test_html_entities_and_utf16_offsets(bot, ann):
    sent = await bot.send_message(ann.id, '😀 <a href="https://x.y">link</a> &lt;3 <pre><code class="language-py">x</code></pre>')
    assert sent.text == "😀 link <3 x"
    link, pre = sent.entities
    assert (link.type, link.offset, link.length, link.url) == ("text_link", 3, 4, "https://x.y")
    assert (pre.type, pre.language) == ("pre", "py")


async def test_callback_data_over_64_bytes(bot, ann):
    markup = InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text="Too long", callback_data="я" * 33)]])
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(ann.id, "hi", reply_markup=markup)


async def test_plain_text_keeps_angle_brackets(bot, ann):
    sent = await bot.send_message(ann.id, "<b>not bold</b>", parse_mode=None)
    assert sent.text == "<b>not bold</b>" and not sent.entities
