"""Delivers pending updates by POST to the registered webhook, as Telegram does.

Updates of one chat go one at a time and in order; different chats go in parallel up to
max_connections. A non-2xx answer or a connection error is recorded (getWebhookInfo shows it)
and the update is retried after a growing pause.

Several targets model several bot instances behind one URL: with a pooling strategy each
setWebhook adds its URL to the pool instead of replacing it, and updates are spread over the
pool round-robin, at random (seeded) or by chat.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp

from nanostore.emulator.core import Core
from nanostore.emulator.updates import PendingUpdate

STRATEGIES = ("replace", "round_robin", "random", "by_chat")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_RETRY_DELAY = 1.0


@dataclass
class WebhookTarget:
    url: str
    secret_token: str | None = None


class WebhookDelivery:
    def __init__(self, core: Core, strategy: str = "replace", seed: int = 0) -> None:
        if strategy not in STRATEGIES:
            raise ValueError(f"strategy must be one of {STRATEGIES}, not {strategy!r}")
        self.core = core
        self.strategy = strategy
        self.targets: list[WebhookTarget] = []
        self.max_connections = 40
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self.delivered_to: list[tuple[int, str]] = []  # (update_id, url), for tests
        self.posting: dict[int, tuple[int | None, str]] = {}  # update_id -> (chat_id, url), for tests
        # Runs a method the bot answered a webhook request with; set by the Emulator.
        self.execute_reply: Callable[[str, dict], Awaitable[None]] | None = None
        self._random = random.Random(seed)
        self._next_target = 0
        self._in_flight = 0
        self._session: aiohttp.ClientSession | None = None
        self._task: asyncio.Task | None = None

    @property
    def active(self) -> bool:
        return bool(self.targets)

    @property
    def url(self) -> str:
        return self.targets[0].url if self.targets else ""

    def register(self, url: str, secret_token: str | None, max_connections: int = 40) -> None:
        target = WebhookTarget(url, secret_token)
        if self.strategy == "replace":
            self.targets = [target]
        else:
            self.targets = [t for t in self.targets if t.url != url] + [target]
        self.max_connections = max(1, min(max_connections, 100))
        self.core.queue.notify()

    def clear(self) -> None:
        self.targets = []

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._session:
            await self._session.close()

    async def _run(self) -> None:
        tasks: set[asyncio.Task] = set()
        while True:
            if self.active:
                for update in self._deliverable():
                    update.delivering = True
                    self._in_flight += 1
                    task = asyncio.create_task(self._deliver(update))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
            await self.core.queue.wait_change(0.02)

    def handling(self, chat_id: int) -> str | None:
        """The URL of the target handling an update of this chat right now (POSTed, not yet
        answered), if any: which instance to kill to kill it mid-update."""
        return next((url for chat, url in self.posting.values() if chat == chat_id), None)

    def _deliverable(self) -> list[PendingUpdate]:
        now = asyncio.get_running_loop().time()
        busy_chats: set = set()
        ready: list[PendingUpdate] = []
        for update in self.core.queue.pending:
            blocked = update.chat_id in busy_chats or update.delivering or update.retry_at > now
            busy_chats.add(update.chat_id)
            if blocked:
                continue
            if self._in_flight + len(ready) >= self.max_connections:
                break
            ready.append(update)
        return ready

    def _pick(self, update: PendingUpdate) -> WebhookTarget:
        if self.strategy == "random":
            return self._random.choice(self.targets)
        if self.strategy == "by_chat":
            return self.targets[hash(update.chat_id) % len(self.targets)]
        target = self.targets[self._next_target % len(self.targets)]
        self._next_target += 1
        return target

    async def _deliver(self, update: PendingUpdate) -> None:
        session = self._session
        assert session is not None  # start() opened it before the delivery loop began
        target = self._pick(update)
        headers = {SECRET_HEADER: target.secret_token} if target.secret_token else {}
        self.posting[update.update_id] = (update.chat_id, target.url)
        try:
            async with session.post(target.url, json=update.to_api(), headers=headers) as resp:
                body = await resp.read()
                if 200 <= resp.status < 300:
                    self.delivered_to.append((update.update_id, target.url))
                    await self._run_reply(body)
                    self.core.queue.acknowledge(update)
                else:
                    self._failed(update, f"Wrong response from the webhook: {resp.status} {resp.reason}")
        except (TimeoutError, aiohttp.ClientError, OSError) as error:
            self._failed(update, f"Connection failed: {type(error).__name__}")
        finally:
            del self.posting[update.update_id]
            update.delivering = False
            self._in_flight -= 1
            self.core.activity.touch()
            self.core.queue.notify()

    async def _run_reply(self, body: bytes) -> None:
        # A webhook may answer with a method call in its response body; Telegram runs it.
        try:
            reply = json.loads(body) if body else None
        except ValueError:
            return
        if isinstance(reply, dict) and reply.get("method") and self.execute_reply:
            await self.execute_reply(reply.pop("method"), reply)

    def _failed(self, update: PendingUpdate, message: str) -> None:
        self.last_error_date = self.core.state.now()
        self.last_error_message = message
        update.attempts += 1
        delay = min(self.core.timing.webhook_retry_delay * 2 ** (update.attempts - 1), MAX_RETRY_DELAY)
        update.retry_at = asyncio.get_running_loop().time() + delay
