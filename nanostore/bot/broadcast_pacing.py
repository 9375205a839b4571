"""When the broadcaster may send: its rate, Telegram's flood control, and people to try again.

Telegram answers 429 "retry after N" for two different reasons. One chat getting too much
(or, in tests, an injected fault) concerns that person only: their message was refused, so it
can be sent again later without any risk of a duplicate, and everyone else carries on. The
bot as a whole going over its limit (real flood control) refuses nearly every call: then the
whole sender pauses. `FloodControl` tells the two apart by the share of refusals among the
last answers, which does not depend on the rate: 10% of calls refused at 500/s is 50 refusals
a second but still one in ten, while flood control refuses one call after another.

Every wait goes through a `Clock`, so tests can run the sender in virtual time and count
calls instead of measuring seconds.
"""

from __future__ import annotations

import asyncio
import collections
import heapq
import time
from dataclasses import dataclass

RATE_PER_SECOND = 25  # messages a second to many people: the broadcast's, and bulk notices
BURST_WINDOW = 20  # the last answers looked at
BURST_REFUSALS = 10  # this many refusals among them is flood control, not one chat


class Clock:
    """Real time. Tests pass one whose `sleep` moves a virtual time forward instead."""

    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


@dataclass(frozen=True)
class Refused:
    """Telegram did not take the message (a 429, or no connection could be made): nothing
    reached the person, so sending it again later cannot make a duplicate."""

    retry_after: float


class TokenBucket:
    """At most `rate` sends a second on average, with bursts up to one second's worth."""

    def __init__(self, rate: float, clock: Clock):
        self.rate = rate
        self.clock = clock
        self.capacity = max(1.0, rate)
        self.tokens = self.capacity
        self.updated = clock.now()

    async def take(self) -> None:
        while True:
            now = self.clock.now()
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
            self.updated = now
            # Within rounding of a whole token counts as one: waiting for the last 1e-17 of it
            # could never end on a clock whose time that small a step does not move.
            if self.tokens >= 1 - 1e-9:
                self.tokens -= 1
                return
            await self.clock.sleep((1 - self.tokens) / self.rate)

    def give_back(self) -> None:
        """A send Telegram refused delivered nothing: the rate is one of messages people get,
        so its token is returned (calls then run faster than the rate by the share refused).
        Real flood control, which refuses call after call, pauses the sender instead."""
        self.tokens = min(self.capacity, self.tokens + 1)


class FloodControl:
    """Pauses everyone only when refusals come in a burst (see the module's docstring)."""

    def __init__(self, clock: Clock, window: int = BURST_WINDOW, burst: int = BURST_REFUSALS):
        self.clock = clock
        self.burst = burst
        self.recent: collections.deque[bool] = collections.deque(maxlen=window)
        self.paused_until = 0.0
        self.pauses = 0

    def answered(self) -> None:
        self.recent.append(False)

    def refused(self, retry_after: float) -> None:
        self.recent.append(True)
        if sum(self.recent) >= self.burst:
            self.paused_until = max(self.paused_until, self.clock.now() + retry_after)
            self.pauses += 1
            self.recent.clear()  # the calls already in flight do not start a second pause

    def seconds_paused(self) -> float:
        return max(0.0, self.paused_until - self.clock.now())


class RetryQueue:
    """People Telegram refused, each with the time they may be tried again. Memory only: in
    the database they are plain pending recipients, so if this sender dies the next one sends
    to them."""

    def __init__(self) -> None:
        self._due: list[tuple[float, int, object]] = []
        self._refusals: collections.Counter[int] = collections.Counter()

    def __len__(self) -> int:
        return len(self._due)

    def refusals(self, recipient) -> int:
        """Counts one more refusal for this recipient; returns how many so far."""
        self._refusals[recipient.id] += 1
        return self._refusals[recipient.id]

    def put(self, recipient, not_before: float) -> None:
        heapq.heappush(self._due, (not_before, recipient.id, recipient))

    def pop_due(self, now: float, limit: int) -> list:
        """Up to `limit` people whose time has come, the longest waiting first."""
        due: list[object] = []
        while self._due and self._due[0][0] <= now and len(due) < limit:
            due.append(heapq.heappop(self._due)[2])
        return due

    def seconds_until_due(self, now: float) -> float:
        return max(0.0, self._due[0][0] - now) if self._due else 0.0
