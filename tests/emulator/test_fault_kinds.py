"""Faults that never answer (disconnect, hang) and the flaky mix, as aiogram sees them."""

from __future__ import annotations

import asyncio
import random

import pytest
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError

from nanostore.emulator import Emulator
from nanostore.emulator.fault_mix import DEFAULT_SHARES
from nanostore.emulator.harness import make_bot
from nanostore.emulator.params import Params


@pytest.fixture(autouse=True)
def ann(emulator):
    return emulator.person(1, "Ann")


def sent_texts(person) -> list[str]:
    return [message.text for message in person.messages]


async def test_disconnect_before_the_call_sends_nothing(emulator, bot, ann):
    emulator.faults.disconnect(method="sendMessage", times=1)
    with pytest.raises(TelegramNetworkError) as caught:
        await bot.send_message(1, "lost")
    assert str(caught.value) == "HTTP Client says - ServerDisconnectedError: Server disconnected"
    assert sent_texts(ann) == []
    record = emulator.calls_of("sendMessage")[-1]
    assert (record.ok, record.error) == (False, "disconnect")
    assert (await bot.send_message(1, "next")).text == "next"  # only that call was cut off


async def test_disconnect_after_the_call_leaves_an_unknown_outcome(emulator, bot, ann):
    emulator.faults.disconnect(executed=True, method="sendMessage", times=1)
    with pytest.raises(TelegramNetworkError, match="ServerDisconnectedError"):
        await bot.send_message(1, "sent anyway")
    assert sent_texts(ann) == ["sent anyway"]
    assert emulator.calls_of("sendMessage")[-1].error == "disconnect (executed)"


async def test_a_reply_cut_off_after_sending_is_sent_again_by_webhook(emulator, bare_bot, ann):
    emulator.faults.disconnect(executed=True, method="sendMessage", times=1)
    await ann.send("first")  # the reply arrives, but the bot's handler raised
    await ann.send("second")
    if bare_bot.mode == "polling":
        assert [m.text for m in ann.inbox] == ["first", "second"]
    else:  # the webhook answered 500, the update came again: a duplicate reply
        assert [m.text for m in ann.inbox] == ["first", "first", "second"]


async def test_hang_ends_in_the_clients_own_timeout(emulator, bot, ann):
    emulator.faults.hang(method="sendMessage", times=1)
    with pytest.raises(TelegramNetworkError) as caught:
        await bot.send_message(1, "never answered", request_timeout=1)
    assert str(caught.value) == "HTTP Client says - Request timeout error"
    assert sent_texts(ann) == []
    assert emulator.calls_of("sendMessage")[-1].error == "hang"
    await emulator.settle(timeout=2)  # the handler was cancelled when the bot gave up


async def test_a_hang_does_not_hold_up_other_calls(emulator, bot, ann):
    emulator.faults.hang(seconds=5, method="sendMessage", times=1)
    hanging = asyncio.create_task(bot.send_message(1, "held", request_timeout=10))
    await wait_until(lambda: emulator.core.activity.in_flight)
    assert await asyncio.wait_for(bot.get_me(), timeout=1)
    hanging.cancel()
    await asyncio.gather(hanging, return_exceptions=True)


async def test_a_hang_ends_after_its_hold_without_an_answer(emulator, bot, ann):
    emulator.faults.hang(seconds=0.2, executed=True, method="sendMessage", times=1)
    with pytest.raises(TelegramNetworkError, match="ServerDisconnectedError"):
        await bot.send_message(1, "sent, then silence", request_timeout=5)
    assert sent_texts(ann) == ["sent, then silence"]


async def test_the_emulator_stops_at_once_while_a_call_hangs():
    emulator = await Emulator().start()
    emulator.person(1, "Ann")
    bot = make_bot(emulator)
    emulator.faults.hang(method="sendMessage")
    hanging = asyncio.create_task(bot.send_message(1, "held", request_timeout=60))
    try:
        await wait_until(lambda: emulator.core.activity.in_flight)
        started = asyncio.get_running_loop().time()
        await emulator.stop()
        assert asyncio.get_running_loop().time() - started < 2
        with pytest.raises(TelegramNetworkError, match="ServerDisconnectedError"):
            await asyncio.wait_for(hanging, timeout=2)
    finally:
        await bot.session.close()


async def outcomes_of(seed: int, calls: int = 40) -> list[str]:
    """What each getMe got under a mix of quick faults, on a fresh emulator."""
    async with Emulator() as emulator:
        bot = make_bot(emulator)
        emulator.faults.flaky(0.5, seed=seed, method="getMe",
                              shares={"retry_after": 1, "server_error": 1, "disconnect": 1})
        try:
            return [await outcome(bot) for _ in range(calls)]
        finally:
            await bot.session.close()


async def outcome(bot) -> str:
    try:
        await bot.get_me()
    except TelegramRetryAfter:
        return "429"
    except TelegramServerError:
        return "500"
    except TelegramNetworkError:
        return "disconnect"
    return "ok"


async def test_flaky_mix_repeats_for_a_seed():
    first, again, other = await outcomes_of(7), await outcomes_of(7), await outcomes_of(8)
    assert first == again and first != other
    assert {"ok", "429", "500", "disconnect"} <= set(first)


def test_flaky_default_shares_and_getupdates_spared(emulator):
    rule = emulator.faults.flaky(seed=1)
    draw = random.Random(3)
    counts: dict[str, int] = {}
    for _ in range(40_000):
        if draw.random() < rule.probability:
            picked = rule.pick(draw)
            kind = picked.kind if picked.kind != "delay" else "late"
            counts[kind] = counts.get(kind, 0) + 1
    for kind, share in DEFAULT_SHARES.items():
        assert counts[kind] / 40_000 == pytest.approx(share, abs=0.004)
    assert not rule.matches("getUpdates", Params(values={"chat_id": 1}))
    assert rule.matches("sendMessage", Params(values={"chat_id": 1}))
    late = next(part for _, part in rule.parts if part.kind == "delay")
    assert all(2 <= late.draw_delay(draw) <= 6 for _ in range(100))


async def wait_until(condition, timeout: float = 2.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "condition never held"
        await asyncio.sleep(0.01)
