"""The Emulator: a loopback Telegram Bot API server with people to talk to the bot."""

from __future__ import annotations

import secrets

from aiohttp import web

from nanostore.emulator import subscriptions
from nanostore.emulator.channels import Channel
from nanostore.emulator.checkout import Payment
from nanostore.emulator.core import Core, Timing
from nanostore.emulator.faults import Faults
from nanostore.emulator.people import Person
from nanostore.emulator.server import ApiServer
from nanostore.emulator.settle import settle
from nanostore.emulator.state import ChatRecord, EmulatorState, UserRecord
from nanostore.emulator.webhook_delivery import WebhookDelivery


def make_token(bot_id: int) -> str:
    return f"{bot_id}:AA{secrets.token_urlsafe(24)}"


class Emulator:
    """``async with Emulator() as emu:`` then point aiogram at ``emu.base_url``.

    One bot account per emulator; its token is ``emu.token``. ``webhook_strategy`` chooses how
    updates are spread when several instances register webhooks ("replace" is Telegram's).
    """

    def __init__(self, token: str | None = None, *, bot_username: str = "nanostore_test_bot",
                 bot_name: str = "NanoStore Test", host: str = "127.0.0.1", port: int = 0,
                 webhook_strategy: str = "replace", seed: int = 0,
                 timing: Timing | None = None) -> None:
        bot_id = int(token.split(":", 1)[0]) if token else 7_000_000_000 + secrets.randbelow(10**6)
        self.token = token or make_token(bot_id)
        bot = UserRecord(id=bot_id, first_name=bot_name, username=bot_username, is_bot=True)
        self.core = Core(state=EmulatorState(bot=bot), timing=timing or Timing())
        self.faults = Faults(seed)
        self.webhook = WebhookDelivery(self.core, webhook_strategy, seed)
        self.core.webhook = self.webhook
        self.server = ApiServer(self.core, self.faults, self.token)
        self.webhook.execute_reply = self.server.execute_reply
        self.host, self.port = host, port
        self._runner: web.AppRunner | None = None
        self._people: dict[int, Person] = {}

    @property
    def base_url(self) -> str:
        """For ``TelegramAPIServer.from_base(emu.base_url)``."""
        return f"http://{self.host}:{self.port}"

    @property
    def state(self) -> EmulatorState:
        return self.core.state

    @property
    def timing(self) -> Timing:
        return self.core.timing

    @property
    def calls(self):
        """Every Bot API call the bot made, in order (method, params, ok, error)."""
        return self.server.calls

    @property
    def polls(self):
        """getUpdates long polls: open now, most open at once, ended by a newer one (PollCount)."""
        return self.core.polls

    def calls_of(self, method: str) -> list:
        return [call for call in self.calls if call.method.lower() == method.lower()]

    @property
    def not_modified_refusals(self) -> int:
        """Edits refused with "message is not modified": calls that changed nothing on screen."""
        return sum(1 for call in self.calls
                   if call.error and "message is not modified" in call.error)

    def unanswered_callbacks(self) -> list:
        """Callback queries the bot never answered in time: on Telegram the button keeps
        spinning. ``assert emu.unanswered_callbacks() == []`` checks every tap was answered."""
        return [query for query in self.state.callback_queries.values() if query.answer is None]

    async def start(self) -> Emulator:
        self.faults.resume()
        # handler_cancellation: a bot that gives up on a long poll must free the poller slot,
        # and one that gives up on a hanging call must end that hang (faults.hang).
        self._runner = web.AppRunner(self.server.app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        await self.webhook.start()
        return self

    async def stop(self) -> None:
        # Hanging requests end first: the server's cleanup waits for every handler.
        self.faults.release()
        await self.webhook.stop()
        if self._runner:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Emulator:
        return await self.start()

    async def __aexit__(self, *exc_info) -> None:
        await self.stop()

    def person(self, user_id: int, first_name: str = "Test", *, username: str | None = None,
               last_name: str | None = None, language_code: str | None = "en") -> Person:
        """A Telegram user with a private chat with the bot; the same object for the same id."""
        if user_id not in self._people:
            user = UserRecord(id=user_id, first_name=first_name, username=username,
                              last_name=last_name, language_code=language_code)
            self.state.users[user_id] = user
            self.state.chats[user_id] = ChatRecord(id=user_id, type="private",
                                                   first_name=first_name, username=username)
            self._people[user_id] = Person(self, user)
        return self._people[user_id]

    def upload(self, content: bytes, kind: str = "photo", file_name: str | None = None) -> str:
        """A file Telegram already knows, as if uploaded earlier: returns its file_id (for seeding
        product images, banners and delivery files in tests)."""
        from nanostore.emulator.files import store_file

        return store_file(self.state, kind, content, file_name).file_id

    def channel(self, chat_id: int, username: str | None = None, title: str = "Channel",
                bot_is_admin: bool = True) -> Channel:
        chat = self.state.chats.get(chat_id) or ChatRecord(id=chat_id, type="channel")
        chat.title, chat.username, chat.bot_is_admin = title, username, bot_is_admin
        self.state.chats[chat_id] = chat
        return Channel(self, chat)

    async def renew_subscription(self, charge_id: str, *, deliver: bool = True) -> Payment:
        """The next period of the Stars subscription started by (or renewed with) `charge_id`:
        a new charge, sent to the bot as a recurring successful_payment unless ``deliver`` is
        False (then only the Stars ledger has it). Raises SubscriptionCanceled when the user
        or the bot cancelled it."""
        payment = subscriptions.renew(self.core, charge_id)
        if deliver:
            await self.person(payment.charge.user_id).deliver_payment(payment)
        return payment

    async def settle(self, timeout: float | None = None) -> None:
        """Waits until the bot has handled every update and gone quiet; raises SettleTimeout
        listing pending updates otherwise."""
        await settle(self.core, timeout)
