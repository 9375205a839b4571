"""What the sandbox page shows of a chat: each message as JSON with safe HTML, its media as a
link to the sandbox's file route, its buttons by position, its invoice if it has one, its date
(Unix seconds, as Telegram's Message.date: the page shows it as HH:MM in the viewer's time) and
the screens version that sent or last edited it (live reload: which version answered)."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from nanostore.emulator.screen import button_rows
from nanostore.emulator.state import EmulatorState, StoredMessage
from nanostore.sandbox.entities_html import to_safe_html

SHOWN_MESSAGES = 60  # older ones are history nobody scrolls to in a sandbox


def chat_messages(state: EmulatorState, chat_id: int,
                  versions: Mapping[tuple[int, int], int] | None = None) -> list[dict]:
    """`versions`: (chat id, message id) -> screens version, as LiveBot stamps them."""
    messages = [m for m in state.messages_in(chat_id) if not m.deleted]
    return [message_view(state, m, versions or {}) for m in messages[-SHOWN_MESSAGES:]]


def message_view(state: EmulatorState, message: StoredMessage,
                 versions: Mapping[tuple[int, int], int] | None = None) -> dict:
    if message.text is not None:
        body = to_safe_html(message.text, message.entities)
    else:
        body = to_safe_html(message.caption, message.caption_entities)
    return {
        "id": message.message_id,
        "from_bot": message.from_bot,
        "html": body,
        "date": message.date,
        "edited": bool(message.edit_date),
        "media": _media(message),
        "buttons": _buttons(message),
        "invoice": _invoice(state, message),
        "payment": _payment(message),
        "version": (versions or {}).get((message.chat_id, message.message_id)),
    }


def _media(message: StoredMessage) -> dict | None:
    stored = message.file
    if stored is None or not stored.file_path:
        return None
    return {"kind": message.media_kind, "name": stored.file_name or stored.file_path,
            "url": "/api/file/" + quote(stored.file_path), "empty": not stored.content}


def _buttons(message: StoredMessage) -> list[list[dict]]:
    rows = []
    for row in button_rows(message):
        shown = []
        for button in row:
            if isinstance(button, str):
                button = {"text": button}
            kind = next((k for k in ("callback_data", "url", "pay") if k in button), "reply")
            entry = {"text": button.get("text", ""), "kind": kind.removesuffix("_data")}
            url = button.get("url", "")
            if kind == "url" and url.lower().startswith(("http://", "https://", "tg://")):
                entry["url"] = url
            shown.append(entry)
        rows.append(shown)
    return rows


def _invoice(state: EmulatorState, message: StoredMessage) -> dict | None:
    invoice = state.invoices.get((message.chat_id, message.message_id))
    if invoice is None:
        return None
    return {"title": invoice.title, "description": invoice.description,
            "amount": invoice.total_amount, "currency": invoice.currency,
            "paid": invoice.times_paid > 0}


def _payment(message: StoredMessage) -> dict | None:
    paid = message.extra.get("successful_payment")
    if not paid:
        return None
    return {"amount": paid.get("total_amount"), "currency": paid.get("currency")}
