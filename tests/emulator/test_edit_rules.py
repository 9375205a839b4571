"""Edits and deletes follow the chat's state: content, media, deleted flags."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

KEYBOARD = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="A", callback_data="a")]])


@pytest.fixture
def ann(emulator):
    return emulator.person(1, "Ann")


async def test_same_content_and_markup_is_not_modified(bot, ann):
    sent = await bot.send_message(ann.id, "hi", reply_markup=KEYBOARD)
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.edit_message_text("hi", chat_id=ann.id, message_id=sent.message_id,
                                    reply_markup=KEYBOARD)
    assert caught.value.message == (
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message")


async def test_edit_without_markup_removes_the_keyboard(bot, ann):
    sent = await bot.send_message(ann.id, "hi", reply_markup=KEYBOARD)
    edited = await bot.edit_message_text("hi", chat_id=ann.id, message_id=sent.message_id)
    assert edited.reply_markup is None and ann.screen.buttons == []


async def test_editing_text_of_a_media_message(bot, ann):
    sent = await bot.send_photo(ann.id, BufferedInputFile(b"jpeg", "p.jpg"), caption="c")
    with pytest.raises(TelegramBadRequest, match="there is no text in the message to edit"):
        await bot.edit_message_text("new", chat_id=ann.id, message_id=sent.message_id)
    edited = await bot.edit_message_caption(chat_id=ann.id, message_id=sent.message_id, caption="new")
    assert edited.caption == "new"


async def test_text_message_can_become_media(bot, ann):
    from aiogram.types import InputMediaPhoto

    sent = await bot.send_message(ann.id, "text first")
    media = InputMediaPhoto(media=BufferedInputFile(b"jpeg", "p.jpg"), caption="now a photo")
    edited = await bot.edit_message_media(media, chat_id=ann.id, message_id=sent.message_id)
    assert edited.photo and ann.screen.media_kind == "photo" and ann.screen.text == "now a photo"


async def test_editing_a_deleted_message(bot, ann):
    sent = await bot.send_message(ann.id, "hi")
    assert await bot.delete_message(ann.id, sent.message_id)
    assert ann.messages[-1].deleted and ann.inbox == []
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=ann.id, message_id=sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(ann.id, sent.message_id)


async def test_delete_messages_in_bulk(bot, ann):
    first = await bot.send_message(ann.id, "1")
    second = await bot.send_message(ann.id, "2")
    assert await bot.delete_messages(ann.id, [first.message_id, second.message_id])
    assert all(message.deleted for message in ann.messages)
