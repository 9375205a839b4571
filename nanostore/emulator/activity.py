"""Knows when the bot is busy: bot requests in flight and the moment of the last activity.

Long-poll getUpdates is the bot idling, not working, so it is not counted as in flight.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from contextlib import contextmanager

IDLE_METHODS = {"getUpdates"}


class Activity:
    def __init__(self) -> None:
        self.in_flight: Counter[str] = Counter()
        self.last_change = 0.0

    def touch(self) -> None:
        self.last_change = asyncio.get_running_loop().time()

    @contextmanager
    def request(self, method: str):
        counted = method not in IDLE_METHODS
        if counted:
            self.in_flight[method] += 1
        self.touch()
        try:
            yield
        finally:
            if counted:
                self.in_flight[method] -= 1
                if self.in_flight[method] <= 0:
                    del self.in_flight[method]
            self.touch()

    def quiet_for(self) -> float:
        return asyncio.get_running_loop().time() - self.last_change

    def describe_in_flight(self) -> str:
        return ", ".join(f"{name}×{count}" for name, count in self.in_flight.items()) or "none"
