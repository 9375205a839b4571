"""Load-generating customers: they act like the emulator's people, but without waiting for the
whole bot to settle; each waits only for the bot's reply in its own chat, and times it."""

from __future__ import annotations

import asyncio
import time

from nanostore.emulator import Emulator
from nanostore.emulator.finders import latest_with_buttons
from nanostore.emulator.screen import button_rows
from nanostore.emulator.state import CallbackQueryRecord, StoredMessage

# What counts as the bot answering a person: the screen appearing or changing. Removing the
# keyboard of an older message (editMessageReplyMarkup) is housekeeping, not the answer.
REPLY_METHODS = {"sendmessage", "editmessagetext", "editmessagecaption", "editmessagemedia",
                 "sendphoto"}


class ReplyWatch:
    """Resolves a waiting customer's future on the first reply to its chat."""

    def __init__(self, emulator: Emulator):
        self.waiting: dict[int, asyncio.Future] = {}
        emulator.server.observers.append(self.observe)

    def observe(self, method: str, params: dict) -> None:
        if method.lower() not in REPLY_METHODS:
            return
        try:
            chat_id = int(params.get("chat_id"))
        except (TypeError, ValueError):
            return
        future = self.waiting.pop(chat_id, None)
        if future is not None and not future.done():
            future.set_result(time.perf_counter())

    def expect(self, chat_id: int) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        self.waiting[chat_id] = future
        return future


class Customer:
    def __init__(self, emulator: Emulator, watch: ReplyWatch, user_id: int):
        self.emulator = emulator
        self.watch = watch
        self.person = emulator.person(user_id, f"Load {user_id}", language_code="en")
        self.id = user_id
        self.latencies: list[float] = []

    async def send(self, text: str) -> None:
        core, state = self.emulator.core, self.emulator.state
        chat = state.chats[self.id]
        message = StoredMessage(chat_id=self.id, message_id=chat.next_message_id(), sender_id=self.id,
                                date=state.now(), text=text)
        core.store(message)
        extra = {"entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]} \
            if text.startswith("/") else {}
        await self._timed(lambda: core.push_update("message", core.render(message) | extra, self.id))

    async def tap(self, label_prefix: str) -> None:
        message = latest_with_buttons(self.emulator.state, self.id)
        buttons = [b for row in button_rows(message) for b in row] if message else []
        button = next((b for b in buttons if b["text"].startswith(label_prefix)), None)
        if button is None:
            raise RuntimeError(f"customer {self.id}: no button {label_prefix!r} in "
                               f"{[b['text'] for b in buttons]}")
        state, core = self.emulator.state, self.emulator.core
        query = CallbackQueryRecord(id=state.new_query_id(), user_id=self.id,
                                    data=button["callback_data"], created=time.monotonic())
        state.callback_queries[query.id] = query
        payload = {"id": query.id, "from": self.person.user.to_api(), "message": core.render(message),
                   "chat_instance": f"ci{self.id}", "data": query.data}
        await self._timed(lambda: core.push_update("callback_query", payload, self.id))

    async def _timed(self, push) -> None:
        reply = self.watch.expect(self.id)
        sent = time.perf_counter()
        push()
        self.latencies.append(await asyncio.wait_for(reply, timeout=60) - sent)
