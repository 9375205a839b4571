"""What every Bot API method handler works with: state, the update queue, timing settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nanostore.emulator.activity import Activity
from nanostore.emulator.message_view import message_to_api
from nanostore.emulator.poll_count import PollCount
from nanostore.emulator.state import EmulatorState, StoredMessage
from nanostore.emulator.updates import PendingUpdate, UpdateQueue

if TYPE_CHECKING:
    from nanostore.emulator.polling import Poller
    from nanostore.emulator.webhook_delivery import WebhookDelivery


@dataclass
class Timing:
    """Telegram's deadlines, shortened in tests that want to see them expire."""

    callback_answer_timeout: float = 15.0
    pre_checkout_timeout: float = 10.0
    quiet_period: float = 0.03
    settle_timeout: float = 10.0
    webhook_retry_delay: float = 0.05


@dataclass
class Core:
    state: EmulatorState
    queue: UpdateQueue = field(default_factory=UpdateQueue)
    activity: Activity = field(default_factory=Activity)
    timing: Timing = field(default_factory=Timing)
    webhook: WebhookDelivery | None = None  # set by the Emulator as soon as it made the Core
    poller: Poller | None = None  # the getUpdates request currently waiting, if any
    polls: PollCount = field(default_factory=PollCount)
    pre_checkouts: dict = field(default_factory=dict)  # query id -> PreCheckout

    def push_update(self, kind: str, payload: dict, chat_id: int | None) -> PendingUpdate:
        self.activity.touch()
        return self.queue.push(kind, payload, chat_id)

    def render(self, message: StoredMessage) -> dict:
        return message_to_api(self.state, message)

    def store(self, message: StoredMessage) -> StoredMessage:
        self.state.messages[(message.chat_id, message.message_id)] = message
        return message
