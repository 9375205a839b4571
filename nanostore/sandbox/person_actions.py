"""What a click on the page does to the persona's chat, through the emulator's people API.

Every action waits until the bot has answered (the people API settles), so the page's next
poll shows the reply. A bot slower than the settle deadline is not an error here: its answer
simply arrives with a later poll.
"""

from __future__ import annotations

import contextlib

from nanostore.emulator import Person, SettleTimeout
from nanostore.emulator.screen import button_rows


class ActionRefused(Exception):
    """The page asked for something the chat does not have (e.g. a deleted message)."""


async def send_text(person: Person, text: str) -> None:
    text = text.strip()
    if not text:
        raise ActionRefused("empty message")
    with contextlib.suppress(SettleTimeout):
        if text.startswith("/") and len(text) > 1:
            name, _, payload = text[1:].partition(" ")
            await person.command(name, payload.strip() or None)
        else:
            await person.send(text)


async def press_button(person: Person, message_id: int, row: int, column: int) -> None:
    message = _live_message(person, message_id)
    try:
        button = button_rows(message)[row][column]
    except IndexError:
        raise ActionRefused("that button is not on the message any more") from None
    with contextlib.suppress(SettleTimeout):
        if isinstance(button, str) or set(button) <= {"text"}:  # reply keyboard: sends its text
            await person.send(button if isinstance(button, str) else button["text"])
        elif "callback_data" in button:
            # By position, not label: several buttons of one message may share a label (➕).
            await person._callback(message, button["callback_data"])
        elif "pay" in button:
            await person.pay_invoice(message)
        else:
            raise ActionRefused("this button opens a link; the page opens it itself")


async def pay(person: Person, message_id: int) -> None:
    message = _live_message(person, message_id)
    with contextlib.suppress(SettleTimeout):
        await person.pay_invoice(message)


async def upload(person: Person, content: bytes, file_name: str, content_type: str,
                 caption: str | None) -> None:
    with contextlib.suppress(SettleTimeout):
        if content_type.startswith("image/"):
            await person.send_photo(content, caption=caption)
        else:
            await person.send_document(file_name or "file.bin", content, caption=caption)


def _live_message(person: Person, message_id: int):
    message = person.emulator.state.messages.get((person.id, message_id))
    if message is None or message.deleted:
        raise ActionRefused("that message is gone (the bot deleted it)")
    return message
