"""Fault injection: make chosen Bot API calls fail or slow down, as Telegram sometimes does.

A rule matches by method and chat id and fires for the next N matching calls (``times``), for
a share of them (``probability``, drawn from a seeded generator so runs repeat), or both.
Rules without a method leave getUpdates alone, so a broad rule does not stall polling.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass

from nanostore.emulator import telegram_errors as errors
from nanostore.emulator.params import Params

KINDS = ("retry_after", "blocked", "wrong_file", "server_error", "delay")
POLLING_METHODS = {"getUpdates"}


@dataclass(eq=False)
class FaultRule:
    kind: str
    method: str | None = None
    chat_id: int | str | None = None
    times: int | None = None
    probability: float = 1.0
    retry_after: int = 1
    status: int = 500
    delay: float = 0.0
    hits: int = 0

    def matches(self, method: str, params: Params) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.method is None and method in POLLING_METHODS:
            return False
        if self.method is not None and self.method.lower() != method.lower():
            return False
        if self.chat_id is not None and str(params.raw("chat_id")) != str(self.chat_id):
            return False
        return True

    def error(self) -> errors.TelegramError | None:
        if self.kind == "retry_after":
            return errors.too_many_requests(self.retry_after)
        if self.kind == "blocked":
            return errors.forbidden_blocked()
        if self.kind == "wrong_file":
            return errors.bad_request(errors.WRONG_FILE_IDENTIFIER)
        if self.kind == "server_error":
            return errors.server_error(self.status)
        return None  # "delay" only slows the call down


class Faults:
    def __init__(self, seed: int = 0) -> None:
        self.rules: list[FaultRule] = []
        self.latency = 0.0  # added to every call, getUpdates included
        self._random = random.Random(seed)

    def add(self, kind: str, **options) -> FaultRule:
        if kind not in KINDS:
            raise ValueError(f"fault kind must be one of {KINDS}, not {kind!r}")
        rule = FaultRule(kind, **options)
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

    def remove(self, rule: FaultRule) -> None:
        if rule in self.rules:
            self.rules.remove(rule)

    def clear(self) -> None:
        self.rules.clear()
        self.latency = 0.0

    async def apply(self, method: str, params: Params) -> None:
        """Sleeps for latency and delays, then raises the first matching error, if any."""
        if self.latency:
            await asyncio.sleep(self.latency)
        for rule in list(self.rules):
            if not rule.matches(method, params) or self._random.random() >= rule.probability:
                continue
            rule.hits += 1
            if rule.delay:
                await asyncio.sleep(rule.delay)
            error = rule.error()
            if error is not None:
                raise error
