"""The emulator's memory: users, chats, messages, files, queries, charges.

Everything the Bot API answers is derived from these records, so behaviour follows from state
(a deleted message cannot be edited, a paid charge can be refunded once) instead of scripts.
"""

from __future__ import annotations

import itertools
import secrets
import time
from dataclasses import dataclass, field


@dataclass
class UserRecord:
    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    language_code: str | None = None
    is_bot: bool = False

    def to_api(self) -> dict:
        data = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for name in ("last_name", "username", "language_code"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        return data


@dataclass
class ChatRecord:
    id: int
    type: str  # "private" or "channel"
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    bot_is_admin: bool = False
    blocked_bot: bool = False  # private chats: the user blocked the bot
    members: dict[int, str] = field(default_factory=dict)  # user id -> status
    last_message_id: int = 0

    def next_message_id(self) -> int:
        # Message ids are per chat and shared by both sides, as in private chats.
        self.last_message_id += 1
        return self.last_message_id

    def to_api(self) -> dict:
        data: dict = {"id": self.id, "type": self.type}
        for name in ("title", "username", "first_name"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        return data


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    kind: str
    content: bytes
    file_name: str | None = None
    mime_type: str | None = None
    file_path: str | None = None
    # Fields of its Bot API object beyond the defaults: a voice's duration, a sticker's emoji.
    attributes: dict = field(default_factory=dict)


@dataclass
class StoredMessage:
    chat_id: int
    message_id: int
    sender_id: int
    date: int
    text: str | None = None
    entities: list[dict] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[dict] = field(default_factory=list)
    media_kind: str | None = None  # photo, document, video, voice, animation, sticker...
    file: StoredFile | None = None
    reply_markup: dict | None = None
    extra: dict = field(default_factory=dict)  # invoice, successful_payment, media_group_id...
    edit_date: int | None = None
    deleted: bool = False
    from_bot: bool = False

    @property
    def is_text(self) -> bool:
        return self.media_kind is None and self.text is not None


@dataclass
class CallbackQueryRecord:
    id: str
    user_id: int
    data: str
    created: float
    answer: dict | None = None  # stays None if the bot never answered (or answered too late)
    message_id: int | None = None  # the message whose button was pressed


@dataclass
class ChargeRecord:
    charge_id: str
    user_id: int
    total_amount: int
    currency: str
    payload: str
    refunded: bool = False


@dataclass
class StarTransactionRecord:
    """One line of the bot's Stars ledger (getStarTransactions): a user's payment in, or its
    refund out (which keeps the charge's id, as on Telegram)."""

    id: str
    user_id: int
    amount: int
    payload: str
    date: int
    incoming: bool
    subscription_period: int | None = None  # set on the charges of a Stars subscription


@dataclass
class InvoiceRecord:
    title: str
    description: str
    payload: str
    currency: str
    total_amount: int
    times_paid: int = 0
    subscription_period: int | None = None  # seconds; createInvoiceLink only

    def to_api(self) -> dict:
        return {"title": self.title, "description": self.description, "start_parameter": "",
                "currency": self.currency, "total_amount": self.total_amount}


@dataclass
class SubscriptionRecord:
    """A user's Stars subscription to the bot, named by its first charge's id. It renews each
    period unless the user cancelled it in Telegram or the bot did (editUserStarSubscription)."""

    id: str
    user_id: int
    invoice: InvoiceRecord
    expires: int
    charge_ids: list[str] = field(default_factory=list)
    canceled_by_user: bool = False
    canceled_by_bot: bool = False

    @property
    def canceled(self) -> bool:
        return self.canceled_by_user or self.canceled_by_bot


@dataclass
class InviteLinkRecord:
    invite_link: str
    chat_id: int
    creator_id: int
    name: str | None = None
    expire_date: int | None = None
    member_limit: int | None = None
    creates_join_request: bool = False  # joining asks the bot (chat_join_request) first
    joined: list[int] = field(default_factory=list)
    is_revoked: bool = False


def new_opaque_id(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(24)


@dataclass
class EmulatorState:
    bot: UserRecord
    users: dict[int, UserRecord] = field(default_factory=dict)
    chats: dict[int, ChatRecord] = field(default_factory=dict)
    messages: dict[tuple[int, int], StoredMessage] = field(default_factory=dict)
    files: dict[str, StoredFile] = field(default_factory=dict)
    callback_queries: dict[str, CallbackQueryRecord] = field(default_factory=dict)
    charges: dict[str, ChargeRecord] = field(default_factory=dict)
    star_transactions: list[StarTransactionRecord] = field(default_factory=list)  # oldest first
    invoices: dict[tuple[int, int], InvoiceRecord] = field(default_factory=dict)
    invoice_links: dict[str, InvoiceRecord] = field(default_factory=dict)
    subscriptions: dict[str, SubscriptionRecord] = field(default_factory=dict)  # by first charge
    invite_links: dict[str, InviteLinkRecord] = field(default_factory=dict)
    join_requests: dict[tuple[int, int], str] = field(default_factory=dict)  # (chat, user) -> link
    commands: dict[str, list[dict]] = field(default_factory=dict)  # scope+language -> commands
    menu_buttons: dict[int | None, dict] = field(default_factory=dict)
    query_ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    @staticmethod
    def now() -> int:
        return int(time.time())

    def new_query_id(self) -> str:
        return f"{next(self.query_ids)}{secrets.randbelow(10**9):09d}"

    def messages_in(self, chat_id: int) -> list[StoredMessage]:
        found = [message for (chat, _), message in self.messages.items() if chat == chat_id]
        return sorted(found, key=lambda message: message.message_id)
