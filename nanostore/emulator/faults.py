"""Fault injection: make chosen Bot API calls fail, slow down or go unanswered, as Telegram
sometimes does.

A rule matches by method and chat id and fires for the next N matching calls (``times``), for
a share of them (``probability``, drawn from a seeded generator so runs repeat), or both.
Rules without a method leave getUpdates alone, so a broad rule does not stall polling.
The rules themselves are in fault_rules.py, the ready-made mix in fault_mix.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import random

from nanostore.emulator.fault_mix import DEFAULT_SHARES, flaky_rule
from nanostore.emulator.fault_rules import KINDS, POLLING_METHODS, FaultRule, NoAnswer
from nanostore.emulator.params import Params

__all__ = ["DEFAULT_SHARES", "KINDS", "POLLING_METHODS", "FaultRule", "Faults", "NoAnswer"]


class Faults:
    def __init__(self, seed: int = 0) -> None:
        self.rules: list[FaultRule] = []
        self.latency = 0.0  # added to every call, getUpdates included
        self._random = random.Random(seed)
        self._released = asyncio.Event()  # set while the emulator stops: hangs end at once

    def add(self, kind: str, **options) -> FaultRule:
        if kind not in KINDS:
            raise ValueError(f"fault kind must be one of {KINDS}, not {kind!r}")
        return self.add_rule(FaultRule(kind, **options))

    def add_rule(self, rule: FaultRule) -> FaultRule:
        self.rules.append(rule)
        return rule

    def retry_after(self, seconds: int = 1, **match) -> FaultRule:
        return self.add("retry_after", retry_after=seconds, **match)

    def blocked(self, **match) -> FaultRule:
        return self.add("blocked", **match)

    def wrong_file(self, **match) -> FaultRule:
        return self.add("wrong_file", **match)

    def server_error(self, status: int = 500, **match) -> FaultRule:
        return self.add("server_error", status=status, **match)

    def slow(self, delay: float, **match) -> FaultRule:
        return self.add("delay", delay=delay, **match)

    def disconnect(self, executed: bool = False, **match) -> FaultRule:
        """The connection closes without an answer (aiogram: TelegramNetworkError
        "ServerDisconnectedError"). ``executed=True``: the call took effect first, so the
        bot cannot know that its message was sent."""
        return self.add("disconnect", executed=executed, **match)

    def hang(self, seconds: float = 120.0, executed: bool = False, **match) -> FaultRule:
        """No answer for ``seconds``, then the connection closes: the bot's own request
        timeout fires first (aiogram: TelegramNetworkError "Request timeout error").
        Counts as a request in flight for settle() until the bot gives up."""
        return self.add("hang", hold=seconds, executed=executed, **match)

    def flaky(self, share: float = 0.10, *, shares: dict[str, float] | None = None,
              seed: int | None = None, hang_seconds: float = 120.0, **match) -> FaultRule:
        """``share`` of the calls (getUpdates spared unless ``method`` names it) get one of:
        429 retry_after 1 (4 % of all calls at share 0.10), 500 (2 %), answered 2-6 s late
        (2 %), disconnect (1.5 %: half before, half after the call took effect), hang (0.5 %).
        ``shares`` replaces those weights (keys of DEFAULT_SHARES); ``seed`` gives the rule
        its own generator, else the emulator's seed decides. Hangs need a bot request timeout
        below Timing.settle_timeout, or settle() times out waiting for them."""
        return self.add_rule(flaky_rule(share, shares=shares, seed=seed,
                                        hang_seconds=hang_seconds, **match))

    def remove(self, rule: FaultRule) -> None:
        if rule in self.rules:
            self.rules.remove(rule)

    def clear(self) -> None:
        self.rules.clear()
        self.latency = 0.0

    async def apply(self, method: str, params: Params) -> NoAnswer | None:
        """Sleeps for latency and delays, then raises the first matching error, if any.
        Returns a NoAnswer for the caller to act on: only it knows the connection."""
        if self.latency:
            await asyncio.sleep(self.latency)
        for rule in list(self.rules):
            draw = rule.generator or self._random
            if not rule.matches(method, params) or draw.random() >= rule.probability:
                continue
            rule.hits += 1
            no_answer = await _fire(rule.pick(draw), draw)
            if no_answer is not None:
                return no_answer
        return None

    async def hold(self, no_answer: NoAnswer) -> None:
        """Keeps a hanging request open for its hold time, or until the emulator stops."""
        if no_answer.hold > 0 and not self._released.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._released.wait(), no_answer.hold)

    def release(self) -> None:
        """Ends every hang now and stops new ones from waiting: the emulator is stopping, and
        its server would otherwise wait for their handlers."""
        self._released.set()

    def resume(self) -> None:
        self._released = asyncio.Event()


async def _fire(rule: FaultRule, draw: random.Random) -> NoAnswer | None:
    delay = rule.draw_delay(draw)
    if delay:
        await asyncio.sleep(delay)
    error = rule.error()
    if error is not None:
        raise error
    return rule.no_answer()
