"""One fault rule: which calls it matches, and what it does to the one it fires on.

Kinds that answer with an error (retry_after, blocked, wrong_file, server_error), one that
answers late (delay), two that never answer (disconnect, hang: see NoAnswer) and a mix of
them (flaky, see fault_mix.py) that picks one of its parts for each call it fires on.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from nanostore.emulator import telegram_errors as errors
from nanostore.emulator.params import Params

ERROR_KINDS = ("retry_after", "blocked", "wrong_file", "server_error")
NO_ANSWER_KINDS = ("disconnect", "hang")
KINDS = (*ERROR_KINDS, "delay", *NO_ANSWER_KINDS, "flaky")
POLLING_METHODS = {"getUpdates"}


class NoAnswer(Exception):
    """The call gets no answer at all: the server closes the connection (disconnect), at
    once or after holding the request (hang). Not a TelegramError: there is no envelope,
    so the bot cannot know whether the call took effect (``executed``)."""

    def __init__(self, kind: str, executed: bool = False, hold: float = 0.0) -> None:
        self.kind, self.executed, self.hold = kind, executed, hold
        super().__init__(self.description)

    @property
    def description(self) -> str:
        """What the call record says: "disconnect", "hang", or either "(executed)"."""
        return self.kind + (" (executed)" if self.executed else "")


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
    delay_max: float | None = None  # with it, each delay is drawn from [delay, delay_max]
    executed: bool = False  # disconnect/hang: the call takes effect, only the answer is lost
    hold: float = 120.0  # hang: seconds the request is held before the connection closes
    parts: list[tuple[float, FaultRule]] = field(default_factory=list)  # flaky: weight, rule
    generator: random.Random | None = None  # its own seeded draws instead of the Faults' one
    hits: int = 0

    def matches(self, method: str, params: Params) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.method is None and method in POLLING_METHODS:
            return False
        if self.method is not None and self.method.lower() != method.lower():
            return False
        return self.chat_id is None or str(params.raw("chat_id")) == str(self.chat_id)

    def pick(self, draw: random.Random) -> FaultRule:
        """The rule that acts on this call: itself, or for a mix one part by weight (parts
        may be mixes too). Counts a hit on the part, so tests can see what a mix did."""
        if not self.parts:
            return self
        point = draw.random() * sum(weight for weight, _ in self.parts)
        chosen = self.parts[-1][1]
        for weight, part in self.parts:
            point -= weight
            if point < 0:
                chosen = part
                break
        chosen.hits += 1
        return chosen.pick(draw)

    def draw_delay(self, draw: random.Random) -> float:
        if self.delay_max is None:
            return self.delay
        return draw.uniform(self.delay, self.delay_max)

    def no_answer(self) -> NoAnswer | None:
        if self.kind not in NO_ANSWER_KINDS:
            return None
        return NoAnswer(self.kind, self.executed, self.hold if self.kind == "hang" else 0.0)

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
