"""The bot's update queue: what getUpdates returns and webhooks deliver.

An update stays pending until acknowledged: by a later getUpdates offset past it, by a webhook
POST answered 2xx, or at once when allowed_updates filters it out. settle() waits on this.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Awaitable
from dataclasses import dataclass, field

# Telegram's default when allowed_updates was never given.
NOT_DELIVERED_BY_DEFAULT = {"chat_member", "message_reaction", "message_reaction_count"}


@dataclass
class PendingUpdate:
    update_id: int
    kind: str
    payload: dict
    chat_id: int | None
    acknowledged: asyncio.Event = field(default_factory=asyncio.Event)
    delivering: bool = False
    retry_at: float = 0.0
    attempts: int = 0

    def to_api(self) -> dict:
        return {"update_id": self.update_id, self.kind: self.payload}

    def describe(self) -> str:
        detail = self.payload.get("text") or self.payload.get("data") or ""
        return f"#{self.update_id} {self.kind} chat={self.chat_id} {detail!r}".rstrip()


class UpdateQueue:
    def __init__(self) -> None:
        self.pending: list[PendingUpdate] = []
        self.allowed: set[str] | None = None
        self._ids = itertools.count(100_000_001)
        self._changed = asyncio.Event()

    def push(self, kind: str, payload: dict, chat_id: int | None) -> PendingUpdate:
        update = PendingUpdate(next(self._ids), kind, payload, chat_id)
        if self._is_filtered(kind):
            update.acknowledged.set()
        else:
            self.pending.append(update)
            self.notify()
        return update

    def _is_filtered(self, kind: str) -> bool:
        if self.allowed:
            return kind not in self.allowed
        return kind in NOT_DELIVERED_BY_DEFAULT

    def set_allowed(self, allowed: list[str] | None) -> None:
        # An empty list means "all except the default exclusions", like Telegram.
        self.allowed = set(allowed) if allowed else None

    def confirm_below(self, offset: int) -> None:
        if offset < 0:
            keep = self.pending[offset:]
            for update in self.pending[: len(self.pending) - len(keep)]:
                update.acknowledged.set()
            self.pending = keep
            return
        for update in self.pending:
            if update.update_id < offset:
                update.acknowledged.set()
        self.pending = [update for update in self.pending if update.update_id >= offset]

    def acknowledge(self, update: PendingUpdate) -> None:
        update.acknowledged.set()
        if update in self.pending:
            self.pending.remove(update)
        self.notify()

    def drop_all(self) -> None:
        for update in self.pending:
            update.acknowledged.set()
        self.pending.clear()
        self.notify()

    def available(self, offset: int, limit: int) -> list[PendingUpdate]:
        return [update for update in self.pending if update.update_id >= offset][:limit]

    def notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def wait_change(self, timeout: float) -> Awaitable[None]:
        """Waits for the next change after this call. The event is taken now, not when the
        waiter first runs: a long poll scheduled as a task used to miss an update pushed in
        between and sleep through its whole timeout."""
        return _wait_for(self._changed, timeout)


async def _wait_for(event: asyncio.Event, timeout: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), timeout)
