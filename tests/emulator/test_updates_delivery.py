"""Polling and webhook delivery: offsets, conflicts, secret tokens, several instances."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from aiogram.exceptions import TelegramConflictError

from nanostore.emulator import Emulator, SettleTimeout, Timing
from nanostore.emulator.harness import run_bot
from nanostore.emulator.updates import UpdateQueue
from tests.emulator.bare_dispatcher import build_bare_dispatcher
from tests.emulator.raw_api import call


async def test_offset_confirms_and_allowed_updates_filters(emulator):
    ann = emulator.person(1, "Ann")
    emulator.core.push_update("message", {"text": "x"}, 1)
    _, first = await call(emulator, "getUpdates", json={"timeout": 0})
    update_id = first["result"][0]["update_id"]
    _, again = await call(emulator, "getUpdates", json={"offset": update_id + 1})
    assert again["result"] == [] and not emulator.core.queue.pending
    await call(emulator, "getUpdates", json={"offset": update_id + 1, "allowed_updates": ["message"]})
    filtered = emulator.core.push_update("callback_query", {"data": "x"}, ann.id)
    assert filtered.acknowledged.is_set()


async def test_long_poll_returns_when_an_update_arrives(emulator):
    poll = asyncio.create_task(call(emulator, "getUpdates", json={"timeout": 20}))
    await asyncio.sleep(0.05)
    emulator.core.push_update("message", {"text": "x"}, 1)
    status, body = await asyncio.wait_for(poll, 10)
    assert status == 200 and len(body["result"]) == 1


async def test_two_pollers_conflict(emulator, bot):
    first = asyncio.create_task(bot.get_updates(timeout=20))
    await asyncio.sleep(0.05)
    second = asyncio.create_task(bot.get_updates(timeout=0))
    with pytest.raises(TelegramConflictError) as caught:
        await asyncio.wait_for(first, 10)
    assert caught.value.message == ("Conflict: terminated by other getUpdates request; "
                                    "make sure that only one bot instance is running")
    assert await asyncio.wait_for(second, 10) == []


async def test_get_updates_while_webhook_is_active(emulator, bot):
    await bot.set_webhook("https://example.com/hook")
    with pytest.raises(TelegramConflictError, match="can't use getUpdates method while webhook is active"):
        await bot.get_updates()
    info = await bot.get_webhook_info()
    assert info.url == "https://example.com/hook"


async def test_delete_webhook_can_drop_pending_updates(emulator, bot):
    emulator.core.push_update("message", {"text": "x"}, 1)
    assert (await bot.get_webhook_info()).pending_update_count == 1
    await bot.delete_webhook(drop_pending_updates=True)
    assert (await bot.get_webhook_info()).pending_update_count == 0


async def test_webhook_sends_the_secret_header(emulator):
    async with run_bot(emulator, build_bare_dispatcher(), "webhook", secret_token="s3cret") as running:
        await emulator.person(1, "Ann").send("hi")
        assert emulator.person(1).screen.text == "hi"
        assert running.secret_token == "s3cret"


async def test_wrong_secret_is_rejected_by_the_bot(emulator):
    ann = emulator.person(1, "Ann")
    async with run_bot(emulator, build_bare_dispatcher(), "webhook", secret_token="right") as running:
        emulator.webhook.register(running.webhook_url, "wrong")
        emulator.timing.settle_timeout = 0.5  # the update can never be handled
        with pytest.raises(SettleTimeout, match="401"):
            await ann.send("hi")
    assert ann.inbox == []
    assert emulator.webhook.last_error_message == "Wrong response from the webhook: 401 Unauthorized"


async def test_round_robin_across_instances():
    async with Emulator(webhook_strategy="round_robin", timing=Timing(quiet_period=0.02)) as emu:
        ann = emu.person(1, "Ann")
        async with run_bot(emu, build_bare_dispatcher(), "webhook") as one, \
                run_bot(emu, build_bare_dispatcher(), "webhook") as two:
            for word in ("a", "b", "c", "d"):
                await ann.send(word)
        targets = [url for _, url in emu.webhook.delivered_to]
        assert targets == [one.webhook_url, two.webhook_url] * 2
        assert [m.text for m in ann.inbox] == ["a", "b", "c", "d"]


async def test_download_needs_the_right_token(emulator):
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{emulator.base_url}/file/bot1:bad/photos/file_1.jpg") as response:
            assert response.status == 401


async def test_a_long_poll_scheduled_before_a_push_wakes_for_it():
    # The waiter takes the queue's change signal when it is scheduled, not when it first
    # runs: an update pushed in between used to leave a long poll asleep for its whole timeout.
    from nanostore.emulator.updates import UpdateQueue

    queue = UpdateQueue()
    waiter = asyncio.ensure_future(queue.wait_change(3600))
    queue.push("message", {"text": "hi"}, chat_id=1)
    for _ in range(5):  # a few loop turns: the waiter starts, sees the signal, ends
        await asyncio.sleep(0)
    assert waiter.done()
