"""The broadcaster against the emulator, in virtual time: a chat's 429 holds up only that chat,
a burst of 429s pauses everyone, several sends in flight never reach anyone twice, and a
sender killed mid-way is resumed without repeats and without losing the people it had put
back. Timing is checked in the sender's virtual clock (its waits move it, sends do not), so
the assertions count and order calls instead of measuring seconds."""

from __future__ import annotations

import asyncio
import collections
from datetime import timedelta

import pytest
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import SendMessage
from tortoise.timezone import now as utc_now

from nanostore.bot.broadcast_delivery import CLAIM_GROUP, FLUSH_EVERY, MAX_REFUSALS, Delivery
from nanostore.bot.broadcast_pacing import BURST_REFUSALS, Clock
from nanostore.bot.broadcaster import Broadcaster
from nanostore.db.models import Broadcast, BroadcastRecipient, User
from nanostore.db.models.enums import BroadcastStatus, RecipientStatus
from nanostore.emulator.harness import make_bot
from nanostore.emulator.state import ChatRecord
from nanostore.services import broadcast
from tests.fixtures.clock import VirtualClock
from tests.fixtures.staff import person as staff_person

TEXT = "Weekend sale"
ADMIN = 9000
FIRST = 1001
FAST = 100_000  # sends a second: the token bucket never makes the sender wait in these tests


class Sends:
    """Every broadcast sendMessage call: chat, virtual time it started, and how it ended."""

    def __init__(self, bot, clock: Clock):
        self.calls: list[tuple[int, float, str]] = []
        self.after_each = None
        self.clock = clock
        bot.session.middleware(self._record)

    async def _record(self, make_request, bot, method):
        if not (isinstance(method, SendMessage) and method.text == TEXT):
            return await make_request(bot, method)
        started = self.clock.now()
        try:
            result = await make_request(bot, method)
        except TelegramAPIError as error:
            self.calls.append((int(method.chat_id), started, type(error).__name__))
            raise
        self.calls.append((int(method.chat_id), started, "ok"))
        if self.after_each:
            self.after_each()
        return result

    def delivered(self) -> collections.Counter:
        return collections.Counter(chat for chat, _, outcome in self.calls if outcome == "ok")

    def of(self, chat: int) -> list[tuple[float, str]]:
        return [(started, outcome) for c, started, outcome in self.calls if c == chat]


async def audience(emulator, count: int) -> list[int]:
    chats = list(range(FIRST, FIRST + count))
    await User.bulk_create([User(id=chat, first_name=f"C{chat}") for chat in chats])
    for chat in [*chats, ADMIN]:
        emulator.state.chats[chat] = ChatRecord(id=chat, type="private", first_name="C")
    return chats


async def queued_broadcast() -> int:
    created, _ = await broadcast.create_and_queue(staff_person(owner=True, user_id=ADMIN), TEXT)
    # The progress message "exists" already, so every sendMessage counted here is a recipient's.
    await broadcast.remember_progress_message(created.id, ADMIN, 1)
    return created.id


async def statuses(broadcast_id: int) -> dict[int, RecipientStatus]:
    rows = await BroadcastRecipient.filter(broadcast_id=broadcast_id).values_list("user_id", "status")
    return dict(rows)


@pytest.fixture
async def bot(emulator):
    made = make_bot(emulator)
    yield made
    await made.session.close()


async def test_a_chats_429_holds_up_only_that_chat(db, emulator, bot):
    chats = await audience(emulator, 20)
    refused = chats[0]
    emulator.faults.retry_after(1, method="sendMessage", chat_id=refused, times=1)
    broadcast_id = await queued_broadcast()
    clock = VirtualClock()
    sends = Sends(bot, clock)
    sender = Broadcaster(bot, rate_per_second=FAST, clock=clock)
    await sender.run_once()

    assert sends.of(refused)[0] == (0.0, "TelegramRetryAfter")
    retried_at, outcome = sends.of(refused)[1]
    assert outcome == "ok" and retried_at >= 1.0  # after retry_after, not before
    others = [call for call in sends.calls if call[0] != refused]
    assert len(others) == 19 and all(started < 1.0 and outcome == "ok" for _, started, outcome in others)
    assert sends.calls[-1][0] == refused  # everyone else went first
    assert sends.delivered() == {chat: 1 for chat in chats}
    assert set((await statuses(broadcast_id)).values()) == {RecipientStatus.SENT}
    assert sender.flood.pauses == 0
    row = await Broadcast.get(id=broadcast_id)
    assert (row.status, row.delivered, row.failed) == (BroadcastStatus.DONE, 20, 0)


async def test_one_in_ten_chats_refused_is_not_flood_control(db, emulator, bot):
    chats = await audience(emulator, 100)
    refused = chats[::10]
    for chat in refused:
        emulator.faults.retry_after(1, method="sendMessage", chat_id=chat, times=1)
    broadcast_id = await queued_broadcast()
    clock = VirtualClock()
    sends = Sends(bot, clock)
    sender = Broadcaster(bot, rate_per_second=FAST, clock=clock)
    await sender.run_once()

    assert sender.flood.pauses == 0
    first_tries = {chat: sends.of(chat)[0][0] for chat in chats}
    assert max(first_tries.values()) < 1.0  # nobody waited for someone else's retry_after
    assert all(len(sends.of(chat)) == 2 for chat in refused)
    assert sends.delivered() == {chat: 1 for chat in chats}
    assert (await Broadcast.get(id=broadcast_id)).delivered == 100


async def test_refused_sends_do_not_use_up_the_rate(db, emulator, bot):
    # 100 people at 10 messages a second, 1 in 10 refused once: 110 calls, 100 messages. The
    # bucket starts with one second's worth (10), so 90 more messages take 9 s of pacing;
    # if refused calls kept their tokens it would take 10 s.
    chats = await audience(emulator, 100)
    for chat in chats[::10]:
        emulator.faults.retry_after(1, method="sendMessage", chat_id=chat, times=1)
    await queued_broadcast()
    clock = VirtualClock()
    sends = Sends(bot, clock)
    sender = Broadcaster(bot, rate_per_second=10, clock=clock)
    await sender.run_once()

    assert sends.delivered() == {chat: 1 for chat in chats}
    assert sender.flood.pauses == 0
    assert 8.9 <= clock.time < 9.5


async def test_a_burst_of_429s_pauses_everyone(db, emulator, bot):
    chats = await audience(emulator, 40)
    emulator.faults.retry_after(5, method="sendMessage", times=BURST_REFUSALS)
    broadcast_id = await queued_broadcast()
    clock = VirtualClock()
    sends = Sends(bot, clock)
    sender = Broadcaster(bot, rate_per_second=FAST, clock=clock, workers=1)
    await sender.run_once()

    refusals = [call for call in sends.calls if call[2] == "TelegramRetryAfter"]
    assert len(refusals) == BURST_REFUSALS and {started for _, started, _ in refusals} == {0.0}
    after_burst = sends.calls[BURST_REFUSALS:]
    assert after_burst and all(started >= 5.0 for _, started, _ in after_burst)  # nobody during the pause
    assert sender.flood.pauses == 1
    assert sends.delivered() == {chat: 1 for chat in chats}
    assert (await Broadcast.get(id=broadcast_id)).delivered == 40


async def test_two_senders_at_once_never_reach_anyone_twice(db, emulator, bot):
    # Both think they hold the lease (same instance id): only the per-person claims keep them apart.
    chats = await audience(emulator, 300)
    for chat in chats[::7]:
        emulator.faults.retry_after(1, method="sendMessage", chat_id=chat, times=1)
    broadcast_id = await queued_broadcast()
    assert await broadcast.acquire_lease(broadcast_id, "same", 60)
    row = await Broadcast.get(id=broadcast_id)
    clocks = [VirtualClock(), VirtualClock()]
    sends = Sends(bot, clocks[0])
    senders = [Broadcaster(bot, rate_per_second=FAST, instance_id="same", clock=clock, workers=8)
               for clock in clocks]
    await asyncio.gather(*(Delivery(sender, row).run() for sender in senders))

    delivered = sends.delivered()
    assert max(delivered.values()) == 1
    recorded = await statuses(broadcast_id)
    assert RecipientStatus.PENDING not in recorded.values()
    # Each person got it once, or is recorded failed (the other sender held them: maybe delivered).
    assert all(delivered[chat] == 1 or recorded[chat] == RecipientStatus.FAILED for chat in chats)
    row = await Broadcast.get(id=broadcast_id)
    assert row.delivered + row.failed == 300 and row.delivered == sum(
        1 for status in recorded.values() if status == RecipientStatus.SENT)


async def killed_half_way(emulator, bot, monkeypatch, *, hard: bool) -> tuple[int, list[int], Sends, set[int]]:
    """A sender stopped after 60 deliveries, while people Telegram refused wait to be retried;
    returns who was put back as pending by then. A hard kill writes nothing more after that
    moment, as with SIGKILL; a stop (cancelled task, as on SIGTERM) writes what it knows."""
    chats = await audience(emulator, 150)
    for chat in chats[::5]:
        emulator.faults.retry_after(1, method="sendMessage", chat_id=chat, times=1)
    broadcast_id = await queued_broadcast()
    clock = VirtualClock()
    sends = Sends(bot, clock)
    sender = asyncio.create_task(Broadcaster(bot, rate_per_second=FAST, clock=clock).run_once())

    def kill_after_60() -> None:
        if sum(sends.delivered().values()) == 60 and not sender.done():
            if hard:
                for name in ("record_results", "release_claim", "begin_attempts", "finish"):
                    monkeypatch.setattr(broadcast, name, dead_process)
            sender.cancel()

    sends.after_each = kill_after_60
    with pytest.raises(asyncio.CancelledError):
        await sender
    monkeypatch.undo()
    refused = {chat for chat, _, outcome in sends.calls if outcome == "TelegramRetryAfter"}
    pending_again = set(await BroadcastRecipient.filter(
        broadcast_id=broadcast_id, status=RecipientStatus.PENDING, attempts=0).values_list("user_id", flat=True))
    waiting = refused & pending_again  # put back before the kill, as they were refused
    await Broadcast.filter(id=broadcast_id).update(lease_until=utc_now() - timedelta(seconds=1))
    sends.after_each = None
    await Broadcaster(bot, rate_per_second=FAST, instance_id="fresh", clock=VirtualClock()).run_once()
    return broadcast_id, chats, sends, waiting


async def dead_process(*args, **kwargs):
    raise RuntimeError("the process is gone")


@pytest.mark.parametrize("hard", [False, True], ids=["stopped", "killed"])
async def test_killed_and_resumed_nobody_twice_nobody_left(db, emulator, bot, monkeypatch, hard):
    broadcast_id, chats, sends, waiting = await killed_half_way(emulator, bot, monkeypatch, hard=hard)

    delivered = sends.delivered()
    assert max(delivered.values()) == 1
    recorded = await statuses(broadcast_id)
    assert RecipientStatus.PENDING not in recorded.values()
    assert (await Broadcast.get(id=broadcast_id)).status == BroadcastStatus.DONE
    # Put back before the kill: the new sender delivered them, once.
    assert waiting and all(delivered[chat] == 1 and recorded[chat] == RecipientStatus.SENT for chat in waiting)
    # Who is recorded failed was claimed when the sender died: maybe delivered, so not resent.
    failed = {chat for chat, status in recorded.items() if status == RecipientStatus.FAILED}
    assert all(delivered[chat] == 1 for chat in set(chats) - failed)
    most = CLAIM_GROUP + 8 + FLUSH_EVERY if hard else 8  # a stop writes what it knows
    assert len(failed) <= most


async def test_a_send_without_an_answer_is_not_retried(db, emulator, bot):
    # A timeout: Telegram may have delivered it, so a second try could make a duplicate.
    chats = await audience(emulator, 3)
    emulator.faults.slow(1.0, method="sendMessage", chat_id=chats[1], times=1)
    bot.session.timeout = 0.3
    broadcast_id = await queued_broadcast()
    sends = Sends(bot, VirtualClock())
    await Broadcaster(bot, rate_per_second=FAST, clock=sends.clock).run_once()

    assert sends.of(chats[1]) == [(0.0, "TelegramNetworkError")]  # one call, no retry
    recorded = await statuses(broadcast_id)
    assert [recorded[chat] for chat in chats] == [RecipientStatus.SENT, RecipientStatus.FAILED,
                                                  RecipientStatus.SENT]


async def test_no_connection_is_retried_until_the_limit_then_failed(db, emulator, bot):
    chats = await audience(emulator, 5)
    broadcast_id = await queued_broadcast()
    await emulator.stop()  # nothing listens any more: no send can even connect
    clock = VirtualClock()
    sends = Sends(bot, clock)
    sender = Broadcaster(bot, rate_per_second=FAST, clock=clock)
    await sender.run_once()

    assert all(len(sends.of(chat)) == MAX_REFUSALS for chat in chats)  # nothing was sent: retried
    assert set((await statuses(broadcast_id)).values()) == {RecipientStatus.FAILED}
    assert sender.flood.pauses >= 1  # everyone failing at once is a burst: the sender paused
