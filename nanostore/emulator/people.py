"""People for tests: a Telegram user who writes to the bot, taps buttons and pays.

Every action creates the update Telegram would create and returns once the bot has handled
it (see Emulator.settle), so the next line of a test can look at ``person.screen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nanostore.emulator import finders, invite_links, subscriptions
from nanostore.emulator.checkout import Payment, ask_pre_checkout, record_charge
from nanostore.emulator.files import store_file
from nanostore.emulator.people_sends import OddMessages
from nanostore.emulator.people_taps import Alert, Taps
from nanostore.emulator.screen import Screen
from nanostore.emulator.state import CallbackQueryRecord, StoredMessage, UserRecord

if TYPE_CHECKING:
    from nanostore.emulator.emulator import Emulator

__all__ = ["Alert", "InvoiceAlreadyPaid", "Person"]

TINY_JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")


class InvoiceAlreadyPaid(AssertionError):
    """Paying an invoice a second time needs ``again=True``."""


class Person(Taps, OddMessages):
    """Taps and callback queries come from Taps (people_taps.py), stickers, contacts,
    locations, voice and edits from OddMessages (people_sends.py)."""

    def __init__(self, emulator: Emulator, user: UserRecord) -> None:
        self.emulator = emulator
        self.user = user
        self._queries: list[CallbackQueryRecord] = []

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def _core(self):
        return self.emulator.core

    @property
    def _chat(self):
        return self.emulator.state.chats[self.id]

    # Writing to the bot

    async def send(self, text: str, **extra) -> StoredMessage:
        return await self._post(text=text, **extra)

    async def command(self, name: str, payload: str | None = None) -> StoredMessage:
        text = f"/{name}" + (f" {payload}" if payload else "")
        entity = {"type": "bot_command", "offset": 0, "length": len(name) + 1}
        return await self._post(text=text, entities=[entity])

    async def send_photo(self, content: bytes = TINY_JPEG, caption: str | None = None) -> StoredMessage:
        stored = store_file(self.emulator.state, "photo", content, "photo.jpg", "image/jpeg")
        return await self._post(media_kind="photo", file=stored, caption=caption)

    async def send_document(self, name: str = "file.txt", content: bytes = b"hello",
                            caption: str | None = None) -> StoredMessage:
        stored = store_file(self.emulator.state, "document", content, name)
        return await self._post(media_kind="document", file=stored, caption=caption)

    async def _post(self, **fields) -> StoredMessage:
        message = StoredMessage(chat_id=self.id, message_id=self._chat.next_message_id(),
                                sender_id=self.id, date=self.emulator.state.now(), **fields)
        self._core.store(message)
        self._core.push_update("message", self._core.render(message), chat_id=self.id)
        await self.emulator.settle()
        return message

    # Payments

    async def pay_invoice(self, message: StoredMessage | None = None, *, link: str | None = None,
                          again: bool = False, deliver: bool = True) -> Payment:
        """Pays the latest invoice (or ``message``/``link``): pre-checkout, then on ok a
        successful_payment message. Raises PaymentDeclined / PaymentNotAnswered otherwise.
        ``deliver=False`` takes the charge but loses the update, as a bot killed right after
        acknowledging it would (the charge is still in getStarTransactions)."""
        state = self.emulator.state
        if link is not None:
            invoice = state.invoice_links.get(link)
            if invoice is None:
                raise finders.NothingToPay(f"unknown invoice link {link!r}")
        else:
            target = message or finders.latest_invoice(state, self.id)
            invoice = state.invoices[(self.id, target.message_id)]
        if invoice.times_paid and not again:
            raise InvoiceAlreadyPaid("this invoice was paid already; pass again=True to pay twice")
        await ask_pre_checkout(self._core, self.user, invoice)
        payment = record_charge(self._core, self.user, invoice)
        if deliver:
            await self.deliver_payment(payment)
        return payment

    async def deliver_payment(self, payment: Payment) -> StoredMessage:
        """Sends the successful_payment message; call again to simulate a duplicate delivery."""
        return await self._post(extra={"successful_payment": payment.successful_payment()})

    # Channels and blocking

    async def join_by_link(self, invite_link: str) -> None:
        """Joins the chat an invite link leads to (or asks to, and waits for the bot's answer,
        when the link needs approval); raises CannotJoin as Telegram refuses."""
        invite_links.join(self._core, self.id, invite_link)
        await self.emulator.settle()

    # Stars subscriptions, from the user's side (Telegram's settings, not the bot)

    def cancel_subscription(self, charge_id: str) -> None:
        self._subscription(charge_id).canceled_by_user = True

    def resume_subscription(self, charge_id: str) -> None:
        """Only what the user cancelled: one the bot cancelled waits for the bot."""
        self._subscription(charge_id).canceled_by_user = False

    def _subscription(self, charge_id: str):
        sub = subscriptions.find(self._core, charge_id)
        if sub is None or sub.user_id != self.id:
            raise KeyError(f"{self.id} has no subscription with charge {charge_id!r}")
        return sub

    def join(self, channel_id: int, status: str = "member") -> None:
        self.emulator.state.chats[channel_id].members[self.id] = status

    def leave(self, channel_id: int) -> None:
        self.emulator.state.chats[channel_id].members[self.id] = "left"

    def block_bot(self) -> None:
        self._chat.blocked_bot = True

    def unblock_bot(self) -> None:
        self._chat.blocked_bot = False

    # What the person sees

    @property
    def messages(self) -> list[StoredMessage]:
        """Every message the bot sent to this chat, in order, deleted ones flagged."""
        return finders.bot_messages(self.emulator.state, self.id)

    @property
    def inbox(self) -> list[StoredMessage]:
        """The bot's messages still visible (not deleted), in order."""
        return [message for message in self.messages if not message.deleted]

    @property
    def screen(self) -> Screen | None:
        """The latest visible bot message with text or a caption."""
        shown = [m for m in self.inbox if m.text is not None or m.caption or m.media_kind]
        return Screen(shown[-1]) if shown else None
