"""A person's taps: buttons by label, raw callback queries with any data, and which queries
the bot left unanswered (Telegram shows a spinner on the button until it is answered)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nanostore.emulator import finders
from nanostore.emulator.screen import Screen
from nanostore.emulator.state import CallbackQueryRecord, StoredMessage, UserRecord

if TYPE_CHECKING:
    from nanostore.emulator.core import Core
    from nanostore.emulator.emulator import Emulator


@dataclass
class Alert:
    text: str | None
    show_alert: bool


class Taps:
    """Mixed into Person, which provides emulator, user, id, _core, send() and _queries."""

    if TYPE_CHECKING:  # Person's (people.py), declared for type checkers only
        emulator: Emulator
        user: UserRecord
        _queries: list[CallbackQueryRecord]

        @property
        def id(self) -> int: ...
        @property
        def _core(self) -> Core: ...
        async def send(self, text: str, **extra: Any) -> StoredMessage: ...

    async def tap(self, label: str, message: StoredMessage | Screen | int | None = None) -> Alert | None:
        """Taps a button of the latest bot message with buttons, or of ``message`` (an old
        one simulates a stale tap). Reply-keyboard buttons send their text."""
        target = self._resolve(message)
        button = finders.find_button(target, label)
        assert target is not None  # find_button raised ButtonNotFound otherwise
        if isinstance(button, str) or "callback_data" not in button:
            if isinstance(button, dict) and ("url" in button or "pay" in button):
                raise finders.ButtonNotFound(f"button {label!r} is not a callback button: {button}")
            await self.send(button if isinstance(button, str) else button["text"])
            return None
        return await self._callback(target, button["callback_data"])

    async def send_callback(self, data: str,
                            message: StoredMessage | Screen | int | None = None) -> Alert | None:
        """A callback query with any ``data``, as a forged or outdated client sends: on the
        latest bot message (with buttons if any), on ``message`` even without a keyboard, or
        on a message id the bot cannot see, which arrives as an InaccessibleMessage."""
        if message is None:
            message = self._latest_bot_message()
        target = self._resolve(message)
        if target is None and isinstance(message, int):  # an id the bot cannot see
            return await self._callback(message, data)
        assert target is not None  # every other message resolves to a stored one
        return await self._callback(target, data)

    def _latest_bot_message(self) -> StoredMessage:
        state = self.emulator.state
        latest = finders.latest_with_buttons(state, self.id) or next(
            (m for m in reversed(finders.bot_messages(state, self.id)) if not m.deleted), None)
        if latest is None:
            raise finders.ButtonNotFound("no bot message to press on; pass a message id")
        return latest

    def _resolve(self, message) -> StoredMessage | None:
        if message is None:
            return finders.latest_with_buttons(self.emulator.state, self.id)
        if isinstance(message, Screen):
            return message.message
        if isinstance(message, int):
            return self.emulator.state.messages.get((self.id, message))
        return message

    async def _callback(self, message: StoredMessage | int, data: str) -> Alert | None:
        """``message`` is a stored message, or the id of one the bot cannot see."""
        state = self.emulator.state
        message_id = message if isinstance(message, int) else message.message_id
        query = CallbackQueryRecord(id=state.new_query_id(), user_id=self.id, data=data,
                                    created=time.monotonic(), message_id=message_id)
        state.callback_queries[query.id] = query
        self._queries.append(query)
        self._core.push_update("callback_query", {
            "id": query.id, "from": self.user.to_api(), "message": self._shown(message),
            "chat_instance": f"ci{self.id}", "data": data,
        }, chat_id=self.id)
        await self.emulator.settle()
        return Alert(query.answer["text"], query.answer["show_alert"]) if query.answer else None

    def _shown(self, message: StoredMessage | int) -> dict:
        if isinstance(message, int):  # Bot API InaccessibleMessage: date 0 marks it
            return {"chat": self.emulator.state.chats[self.id].to_api(), "message_id": message,
                    "date": 0}
        return self._core.render(message)

    @property
    def alerts(self) -> list[Alert]:
        answers = [query.answer for query in self._queries if query.answer]
        return [Alert(a["text"], a["show_alert"]) for a in answers if a["text"]]

    @property
    def unanswered_callbacks(self) -> list[CallbackQueryRecord]:
        """This person's callback queries the bot never answered (in time)."""
        return [query for query in self._queries if query.answer is None]
