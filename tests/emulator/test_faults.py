"""Fault injection: each kind reaches aiogram as the right exception, and the bot survives."""

from __future__ import annotations

import pytest
from aiogram.exceptions import (TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter,
                                TelegramServerError)


@pytest.fixture(autouse=True)
def ann(emulator):
    return emulator.person(1, "Ann")


async def test_retry_after(emulator, bot):
    emulator.faults.retry_after(seconds=3, method="sendMessage", times=1)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(1, "hi")
    assert caught.value.retry_after == 3
    assert "Original description: Too Many Requests: retry after 3" in caught.value.message
    assert (await bot.send_message(1, "hi")).text == "hi"  # only the next call failed


async def test_blocked_for_one_chat_only(emulator, bot):
    emulator.person(2, "Bob")
    emulator.faults.blocked(chat_id=2)
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(2, "hi")
    assert await bot.send_message(1, "hi")


async def test_wrong_file(emulator, bot):
    emulator.faults.wrong_file(method="sendPhoto")
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_photo(1, "AgAC-anything")


@pytest.mark.parametrize("status", [500, 502])
async def test_server_errors(emulator, bot, status):
    emulator.faults.server_error(status, times=1)
    with pytest.raises(TelegramServerError):
        await bot.get_me()
    assert await bot.get_me()


async def test_share_of_calls_is_seeded_and_rules_are_removable(emulator, bot):
    rule = emulator.faults.server_error(500, method="getMe", probability=0.5)
    outcomes = []
    for _ in range(20):
        try:
            await bot.get_me()
            outcomes.append(True)
        except TelegramServerError:
            outcomes.append(False)
    assert 0 < outcomes.count(False) < 20 and rule.hits == outcomes.count(False)
    emulator.faults.remove(rule)
    assert await bot.get_me()


async def test_slow_responses_and_latency_still_settle(emulator, bare_bot, ann):
    emulator.faults.latency = 0.01
    emulator.faults.slow(0.1, method="sendMessage", times=1)
    await ann.send("hello")  # returns only after the slow reply was delivered
    assert ann.screen.text == "hello"


async def test_bot_survives_a_failed_reply(emulator, bare_bot, ann):
    emulator.faults.retry_after(seconds=1, method="sendMessage", times=1)
    await ann.send("first")  # the handler's answer fails with 429
    await ann.send("second")
    if bare_bot.mode == "polling":
        # aiogram logs the error and confirms the update: the first reply is lost.
        assert [m.text for m in ann.inbox] == ["second"]
    else:
        # The webhook answered 500, so Telegram delivered the update again.
        assert [m.text for m in ann.inbox] == ["first", "second"]
        assert "500" in emulator.webhook.last_error_message
