"""One sender working through one broadcast while it holds the lease.

People are taken in id order (keyset pages), plus those Telegram refused once their time has
come. They are claimed a small group at a time, just before their sends, and up to `workers`
sends are in flight at once, each after a token from the sender's bucket. Results are written
a batch at a time.

What a stop costs: a normal stop (cancelled task, cancel from the screen, lease lost) waits
for or cuts off the sends in flight, gives back the claims not yet sent and writes the
results it has. A process killed outright leaves its claims and its unwritten results: the
next sender records those people as failed (never resends: some were delivered), at most
CLAIM_GROUP + workers + FLUSH_EVERY people.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from typing import TYPE_CHECKING

from nanostore.bot.broadcast_pacing import Clock, Refused, RetryQueue
from nanostore.bot.broadcast_progress import ProgressMessage
from nanostore.db.models import Broadcast, BroadcastRecipient
from nanostore.db.models.enums import RecipientStatus
from nanostore.services import broadcast

if TYPE_CHECKING:
    from nanostore.bot.broadcaster import Broadcaster

log = logging.getLogger(__name__)

LEASE_CHECK_SECONDS = 1.0  # renew the lease, and so notice a cancel, at least this often
CLAIM_GROUP = 8  # people claimed in one UPDATE, just before their sends
FLUSH_EVERY = 50  # results written per transaction, at most
FLUSH_SECONDS = 0.25  # and at least this often
MAX_REFUSALS = 10  # someone refused this often is recorded as failed, so the broadcast ends


class LeaseLost(Exception):
    """The broadcast was cancelled from its screen, or another instance took it over."""


class Delivery:
    def __init__(self, sender: Broadcaster, row: Broadcast):
        self.sender = sender
        self.row = row
        self.clock = sender.clock
        self.feed = RecipientFeed(row.id, sender.batch_size)
        self.retries = RetryQueue()
        self.claimed: collections.deque[BroadcastRecipient] = collections.deque()
        self.results = ResultBuffer(row.id, self.clock)
        self.progress = ProgressMessage(sender.bot, row.id, self.clock)
        self.room = asyncio.Semaphore(sender.workers)
        self.in_flight: set[asyncio.Task] = set()
        self.crashes: list[BaseException] = []
        self.lease_checked_at = self.clock.now()  # run_once has just taken it

    async def run(self) -> None:
        await self.progress.show()
        try:
            await self._send_to_everyone()
        finally:
            await self._stop_cleanly()
        await self.progress.show()

    async def _send_to_everyone(self) -> None:
        try:
            while True:
                await self.room.acquire()
                if not await self._start_next_send():
                    return
        except LeaseLost:
            await self._drain_in_flight()  # their sends are under way: let them be recorded

    async def _start_next_send(self) -> bool:
        """Waits for a free slot's turn and starts one send; False once nobody is left."""
        while True:
            await self._wait_out_flood_control()
            if not await self._have_claimed():
                return False
            await self.sender.bucket.take()
            await self._check_lease()
            if self.sender.flood.seconds_paused() <= 0:  # a burst may have begun meanwhile
                self._start(self.claimed.popleft())
                await self._housekeeping()
                return True

    async def _wait_out_flood_control(self) -> None:
        if self.sender.flood.seconds_paused() <= 0:
            return
        await self._give_back_claims()  # nobody sits claimed (and unsent) through a pause
        while (paused := self.sender.flood.seconds_paused()) > 0:
            await self._pause(paused)

    async def _have_claimed(self) -> bool:
        while not self.claimed:
            group = await self._next_group()
            if group is None:
                return False
            await self._claim(group)
        return True

    async def _next_group(self) -> list[BroadcastRecipient] | None:
        """Up to CLAIM_GROUP people: refused ones whose time has come first, then new ones.
        Waits while only refused ones not yet due are left; None once nobody is left (or only
        people another sender holds)."""
        while True:
            self._raise_crash()
            group = self.retries.pop_due(self.clock.now(), CLAIM_GROUP)
            while len(group) < CLAIM_GROUP and (fresh := await self.feed.next()) is not None:
                group.append(fresh)
            if group:
                return group
            if self.in_flight:  # they may yet put someone back
                await asyncio.wait(self.in_flight, return_when=asyncio.FIRST_COMPLETED)
            elif self.retries:
                await self._pause(self.retries.seconds_until_due(self.clock.now()))
            elif not await self._start_another_pass():
                return None

    async def _claim(self, group: list[BroadcastRecipient]) -> None:
        # attempts > 0 while pending: claimed by a sender that died, maybe delivered. Never twice.
        free = [recipient for recipient in group if recipient.attempts == 0]
        claimed = set(await broadcast.begin_attempts([recipient.id for recipient in free]))
        for recipient in group:
            if recipient.id in claimed:
                self.claimed.append(recipient)
            else:
                self.results.add(recipient.id, RecipientStatus.FAILED)

    async def _start_another_pass(self) -> bool:
        """False when the broadcast is finished. Else another pass picks up whoever is still
        pending (put back by another sender), unless this pass found nobody at all."""
        await self.results.flush()
        if await broadcast.finish(self.row.id) or not self.feed.found_any:
            return False
        self.feed = RecipientFeed(self.row.id, self.sender.batch_size)
        return True

    async def _pause(self, seconds: float) -> None:
        # In slices, renewing the lease and writing results meanwhile: a retry_after can be long.
        while seconds > 0:
            step = min(seconds, LEASE_CHECK_SECONDS)
            await self.clock.sleep(step)
            seconds -= step
            await self._housekeeping()
            await self._check_lease()

    async def _check_lease(self) -> None:
        """Renewing also tells us about a cancel (or a lease taken over): stop then."""
        now = self.clock.now()
        if now - self.lease_checked_at < min(LEASE_CHECK_SECONDS, self.sender.lease_seconds / 3):
            return
        self.lease_checked_at = now
        if not await broadcast.acquire_lease(self.row.id, self.sender.instance_id, self.sender.lease_seconds):
            raise LeaseLost

    def _start(self, recipient: BroadcastRecipient) -> None:
        task = asyncio.create_task(self._deliver(recipient))
        self.in_flight.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task) -> None:
        self.in_flight.discard(task)
        self.room.release()
        crash = None if task.cancelled() else task.exception()
        if crash is not None:
            self.crashes.append(crash)

    def _raise_crash(self) -> None:
        if self.crashes:
            raise self.crashes[0]

    async def _deliver(self, recipient: BroadcastRecipient) -> None:
        outcome = await self.sender.send(self.row, recipient.user_id)
        if isinstance(outcome, Refused):
            await self._put_back(recipient, outcome)
            return
        self.sender.flood.answered()
        self.results.add(recipient.id, outcome)
        self.progress.tick()

    async def _put_back(self, recipient: BroadcastRecipient, refusal: Refused) -> None:
        self.sender.flood.refused(refusal.retry_after)
        self.sender.bucket.give_back()
        if self.retries.refusals(recipient) >= MAX_REFUSALS:
            log.info("broadcast %s to %s: refused %s times, given up", self.row.id, recipient.user_id,
                     MAX_REFUSALS)
            self.results.add(recipient.id, RecipientStatus.FAILED)
            return
        # Released before it is queued in memory: if we die in between, it is plain pending.
        if await broadcast.release_claim(recipient.id):
            self.retries.put(recipient, self.clock.now() + refusal.retry_after)

    async def _give_back_claims(self) -> None:
        while self.claimed:
            recipient = self.claimed.popleft()
            if await broadcast.release_claim(recipient.id):
                self.retries.put(recipient, self.clock.now())

    async def _housekeeping(self) -> None:
        if self.progress.due():
            await self.results.flush()  # so the figures shown include the latest sends
            await self.progress.show()
        elif self.results.due():
            await self.results.flush()

    async def _drain_in_flight(self) -> None:
        if self.in_flight:
            await asyncio.wait(set(self.in_flight))

    async def _stop_cleanly(self) -> None:
        """Whatever ended it (done, cancelled, shutdown, an error): sends cut off in flight stay
        claimed (they may have been delivered), claims not yet sent are given back, and the
        answered results are written."""
        tasks = list(self.in_flight)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        try:
            await self._give_back_claims()
            await self.results.flush()
        except Exception:  # the database is away: those people are recorded failed on resume
            log.exception("broadcast %s: claims or results not written", self.row.id)


class RecipientFeed:
    """A broadcast's pending recipients in id order, read a page at a time (keyset paging, so
    people put back as pending behind the cursor are not read twice in one pass)."""

    def __init__(self, broadcast_id: int, page_size: int):
        self.broadcast_id = broadcast_id
        self.page_size = page_size
        self.page: collections.deque[BroadcastRecipient] = collections.deque()
        self.last_id: int | None = None
        self.exhausted = False
        self.found_any = False

    async def next(self) -> BroadcastRecipient | None:
        if not self.page and not self.exhausted:
            rows = await broadcast.next_batch(self.broadcast_id, self.page_size, after_id=self.last_id)
            self.exhausted = len(rows) < self.page_size
            if rows:
                self.last_id = rows[-1].id
                self.found_any = True
            self.page.extend(rows)
        return self.page.popleft() if self.page else None


class ResultBuffer:
    """Results waiting to be written, a transaction per batch rather than per recipient."""

    def __init__(self, broadcast_id: int, clock: Clock):
        self.broadcast_id = broadcast_id
        self.clock = clock
        self.waiting: list[tuple[int, RecipientStatus]] = []
        self.flushed_at = clock.now()

    def add(self, recipient_id: int, status: RecipientStatus) -> None:
        self.waiting.append((recipient_id, status))

    def due(self) -> bool:
        return len(self.waiting) >= FLUSH_EVERY or (
            bool(self.waiting) and self.clock.now() - self.flushed_at >= FLUSH_SECONDS)

    async def flush(self) -> None:
        results, self.waiting = self.waiting, []
        self.flushed_at = self.clock.now()
        if not results:
            return
        try:
            await broadcast.record_results(self.broadcast_id, results)
        except BaseException:
            self.waiting = results + self.waiting  # kept for the next try (a stop writes them)
            raise
