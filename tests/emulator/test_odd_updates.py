"""Odd things people send reach aiogram in Telegram's shapes, and unanswered taps show."""

from __future__ import annotations

import pytest
from aiogram import Dispatcher, F
from aiogram.enums import ContentType
from aiogram.types import CallbackQuery, InaccessibleMessage, Message

from nanostore.emulator.harness import run_bot


def build_recording_dispatcher() -> Dispatcher:
    """Records what each handler got; answers callbacks unless their data says "silent"."""
    dispatcher = Dispatcher()
    dispatcher.seen = []

    @dispatcher.edited_message()
    async def edited(message: Message) -> None:
        dispatcher.seen.append(("edited", message))

    @dispatcher.callback_query(F.data == "silent")
    async def silent(query: CallbackQuery) -> None:
        dispatcher.seen.append(("silent", query))

    @dispatcher.callback_query()
    async def any_query(query: CallbackQuery) -> None:
        dispatcher.seen.append(("query", query))
        await query.answer(f"got {query.data}")

    @dispatcher.message()
    async def anything(message: Message) -> None:
        dispatcher.seen.append((message.content_type, message))
        await message.answer(f"a {message.content_type.value}")

    return dispatcher


@pytest.fixture
async def running(emulator, bot_mode):
    async with run_bot(emulator, build_recording_dispatcher(), bot_mode) as running:
        yield running


@pytest.fixture
def ann(emulator):
    return emulator.person(1, "Ann")


def last_seen(running):
    return running.dispatcher.seen[-1]


async def test_sticker(running, ann):
    await ann.send_sticker("🔥")
    kind, message = last_seen(running)
    assert kind == ContentType.STICKER
    assert (message.sticker.emoji, message.sticker.type, message.sticker.is_animated) == (
        "🔥", "regular", False)
    assert ann.screen.text == "a sticker"


async def test_contact_and_location(running, ann):
    await ann.send_contact("+15550100", "Bob", last_name="Stone", user_id=ann.id)
    kind, message = last_seen(running)
    assert kind == ContentType.CONTACT
    assert (message.contact.phone_number, message.contact.first_name, message.contact.last_name,
            message.contact.user_id) == ("+15550100", "Bob", "Stone", 1)
    await ann.send_location(52.52, 13.405)
    kind, message = last_seen(running)
    assert kind == ContentType.LOCATION
    assert (message.location.latitude, message.location.longitude) == (52.52, 13.405)


async def test_voice_and_video_note_can_be_downloaded(running, ann):
    await ann.send_voice(duration=7)
    kind, message = last_seen(running)
    assert kind == ContentType.VOICE
    assert (message.voice.duration, message.voice.mime_type) == (7, "audio/ogg")
    content = await running.bot.download(message.voice.file_id)
    assert content.read().startswith(b"OggS")
    await ann.send_video_note(duration=4)
    kind, message = last_seen(running)
    assert kind == ContentType.VIDEO_NOTE
    assert (message.video_note.duration, message.video_note.length) == (4, 240)


async def test_edited_message(running, ann):
    sent = await ann.send("first words")
    await ann.edit_message(sent, "second words")
    kind, message = last_seen(running)
    assert kind == "edited"
    assert (message.message_id, message.text) == (sent.message_id, "second words")
    assert message.edit_date is not None
    assert [m.text for m in ann.messages] == ["a text"]  # the bot said nothing to the edit
    with pytest.raises(ValueError, match="only edit a message they sent"):
        await ann.edit_message(ann.messages[0], "not mine")


async def test_callback_on_a_message_without_keyboard_and_on_one_never_seen(emulator, running, ann):
    await ann.send("hi")
    alert = await ann.send_callback("forged:1")  # the bot's reply has no keyboard
    kind, query = last_seen(running)
    assert (kind, query.data, query.message.message_id) == ("query", "forged:1", 2)
    assert alert.text == "got forged:1"
    await ann.send_callback("old", message=999)
    kind, query = last_seen(running)
    assert isinstance(query.message, InaccessibleMessage) and query.message.message_id == 999
    assert emulator.unanswered_callbacks() == [] and ann.unanswered_callbacks == []


async def test_unanswered_callbacks_are_listed(emulator, running, ann):
    await ann.send("hi")
    assert await ann.send_callback("silent") is None
    [query] = emulator.unanswered_callbacks()
    assert (query.data, query.user_id, query.message_id) == ("silent", 1, 2)
    assert ann.unanswered_callbacks == [query]
    await ann.send_callback("loud")
    assert emulator.unanswered_callbacks() == [query]


async def test_a_copied_contact_stays_a_contact(running, ann):
    sent = await ann.send_contact("+15550100", "Bob")
    await running.bot.copy_message(chat_id=1, from_chat_id=1, message_id=sent.message_id)
    assert ann.messages[-1].extra["contact"]["phone_number"] == "+15550100"
