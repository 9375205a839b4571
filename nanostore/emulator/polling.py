"""getUpdates: long polling with offsets, allowed_updates and one poller at a time.

A new getUpdates while another waits terminates the waiting one with 409, which is what two
bot instances polling the same token see on Telegram.
"""

from __future__ import annotations

import asyncio

from nanostore.emulator import telegram_errors as errors
from nanostore.emulator.core import Core
from nanostore.emulator.params import Params

MAX_LIMIT = 100


class Poller:
    def __init__(self) -> None:
        self.terminated = asyncio.Event()


async def get_updates(core: Core, params: Params) -> list[dict]:
    if core.webhook is not None and core.webhook.active:
        raise errors.conflict_webhook_active()
    core.queue.confirm_below(params.int("offset", 0))
    if params.has("allowed_updates"):
        core.queue.set_allowed(params.json("allowed_updates"))
    core.polls.opened()  # before taking over, so two pollers are seen overlapping
    poller = _take_over(core)
    try:
        return await _wait_for_updates(core, params, poller)
    finally:
        core.polls.closed()
        if core.poller is poller:
            core.poller = None


def _take_over(core: Core) -> Poller:
    if core.poller is not None:
        core.poller.terminated.set()
    poller = core.poller = Poller()
    return poller


async def _wait_for_updates(core: Core, params: Params, poller: Poller) -> list[dict]:
    offset = max(params.int("offset", 0), 0)
    limit = min(max(params.int("limit", MAX_LIMIT), 1), MAX_LIMIT)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max(params.int("timeout", 0), 0)
    while True:
        if poller.terminated.is_set():
            core.polls.terminated += 1
            raise errors.conflict_terminated()
        found = core.queue.available(offset, limit)
        if found:
            return [update.to_api() for update in found]
        remaining = deadline - loop.time()
        if remaining <= 0:
            return []
        await _wait_either(core, poller, remaining)


async def _wait_either(core: Core, poller: Poller, timeout: float) -> None:
    change = asyncio.ensure_future(core.queue.wait_change(timeout))
    terminated = asyncio.ensure_future(poller.terminated.wait())
    _, pending = await asyncio.wait({change, terminated}, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()


METHODS = {"getUpdates": get_updates}
