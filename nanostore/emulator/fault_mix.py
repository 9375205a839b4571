"""flaky: Telegram's everyday bad moments mixed in one rule, so a test can run a shop over a
realistically unreliable API with one line instead of five hand-tuned rules.

Each call the rule fires on gets exactly one kind, picked by weight, so the shares add up
(two independent rules would each draw and overlap).
"""

from __future__ import annotations

import random

from nanostore.emulator.fault_rules import FaultRule

# Shares of all matching calls when share=0.10; other shares scale them proportionally.
DEFAULT_SHARES = {
    "retry_after": 0.04,  # 429 Too Many Requests, retry after 1 s
    "server_error": 0.02,  # 500 Internal Server Error
    "late": 0.02,  # answered normally, 2-6 s late
    "disconnect": 0.015,  # connection closed without an answer: half before, half after the
                          # call took effect (the bot cannot tell which)
    "hang": 0.005,  # no answer until the bot's own request timeout gives up
}
LATE_SECONDS = (2.0, 6.0)


def flaky_rule(share: float = 0.10, *, shares: dict[str, float] | None = None,
               seed: int | None = None, hang_seconds: float = 120.0, **match) -> FaultRule:
    """A rule that faults ``share`` of the matching calls (by default every call but
    getUpdates), split by ``shares`` (DEFAULT_SHARES, relative weights)."""
    weights = DEFAULT_SHARES if shares is None else shares
    unknown = set(weights) - set(DEFAULT_SHARES)
    if unknown:
        raise ValueError(f"flaky shares must name kinds of {tuple(DEFAULT_SHARES)}: {unknown}")
    parts = [(weight, _part(kind, hang_seconds)) for kind, weight in weights.items()
             if weight > 0]
    generator = random.Random(seed) if seed is not None else None
    return FaultRule("flaky", probability=share, parts=parts, generator=generator, **match)


def _part(kind: str, hang_seconds: float) -> FaultRule:
    if kind == "late":
        return FaultRule("delay", delay=LATE_SECONDS[0], delay_max=LATE_SECONDS[1])
    if kind == "disconnect":
        return FaultRule("disconnect", parts=[(1.0, FaultRule("disconnect")),
                                              (1.0, FaultRule("disconnect", executed=True))])
    if kind == "hang":
        return FaultRule("hang", hold=hang_seconds)
    return FaultRule(kind)  # retry_after (1 s) and server_error (500) by their defaults
