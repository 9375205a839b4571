"""Waiting until the bot has finished: every update acknowledged, no bot request in flight,
and quiet for a short moment (a handler may still be between two calls)."""

from __future__ import annotations

import asyncio

from nanostore.emulator.core import Core


class SettleTimeout(AssertionError):
    """The bot did not finish in time; the message lists what was still pending."""


def is_settled(core: Core) -> bool:
    return (not core.queue.pending and not core.activity.in_flight
            and core.activity.quiet_for() >= core.timing.quiet_period)


async def settle(core: Core, timeout: float | None = None) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + (core.timing.settle_timeout if timeout is None else timeout)
    while not is_settled(core):
        if loop.time() > deadline:
            raise SettleTimeout(_describe(core))
        await asyncio.sleep(max(core.timing.quiet_period / 3, 0.002))


def _describe(core: Core) -> str:
    pending = [update.describe() for update in core.queue.pending] or ["none"]
    webhook = core.webhook
    hint = ""
    if pending != ["none"]:
        hint = (f"\nwebhook last error: {webhook.last_error_message}" if webhook and webhook.active
                else "\nis the bot polling getUpdates (with handle_as_tasks=False)?")
    return ("the bot did not settle in time.\npending updates:\n  " + "\n  ".join(pending)
            + f"\nbot requests in flight: {core.activity.describe_in_flight()}" + hint)
