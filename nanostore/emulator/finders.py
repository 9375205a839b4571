"""Finding what a person points at: the message with a button, the button, the invoice."""

from __future__ import annotations

from nanostore.emulator.screen import button_rows, label_rows
from nanostore.emulator.state import EmulatorState, StoredMessage


class ButtonNotFound(AssertionError):
    """No visible button has that label; the message lists the buttons that are there."""


class NothingToPay(AssertionError):
    """There is no invoice message (or invoice link) to pay."""


def bot_messages(state: EmulatorState, chat_id: int) -> list[StoredMessage]:
    return [message for message in state.messages_in(chat_id) if message.from_bot]


def latest_with_buttons(state: EmulatorState, chat_id: int) -> StoredMessage | None:
    live = [m for m in bot_messages(state, chat_id) if not m.deleted and button_rows(m)]
    return live[-1] if live else None


def find_button(message: StoredMessage | None, label: str) -> dict | str:
    if message is None:
        raise ButtonNotFound(f"no bot message with buttons to tap {label!r} on")
    buttons = [button for row in button_rows(message) for button in row]
    for matches in (_exact, _case_insensitive):
        found = [button for button in buttons if matches(_label(button), label)]
        if found:
            return found[0]
    visible = "\n  ".join(" | ".join(row) for row in label_rows(message))
    raise ButtonNotFound(
        f"no button {label!r} on message {message.message_id}; visible buttons:\n  {visible}"
    )


def _label(button: dict | str) -> str:
    return button["text"] if isinstance(button, dict) else str(button)


def _exact(candidate: str, wanted: str) -> bool:
    return candidate == wanted


def _case_insensitive(candidate: str, wanted: str) -> bool:
    return candidate.strip().casefold() == wanted.strip().casefold()


def latest_invoice(state: EmulatorState, chat_id: int) -> StoredMessage:
    invoices = [m for m in bot_messages(state, chat_id)
                if not m.deleted and (chat_id, m.message_id) in state.invoices]
    if not invoices:
        raise NothingToPay(f"the bot sent no invoice to chat {chat_id}")
    return invoices[-1]
