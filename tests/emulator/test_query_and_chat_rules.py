"""Callback answers, pre-checkout deadlines, chats, files, blocking and channel membership."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Dispatcher
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import CallbackQuery, PreCheckoutQuery

from nanostore.emulator import PaymentNotAnswered, Timing
from nanostore.emulator.harness import run_bot

QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


@pytest.fixture
def emulator_timing() -> Timing:
    return Timing(pre_checkout_timeout=0.3, callback_answer_timeout=5.0)


async def test_second_callback_answer_is_rejected(emulator, bot):
    ann = emulator.person(1, "Ann")
    await bot.send_message(ann.id, "menu", reply_markup={"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]})
    answers = []
    dispatcher = Dispatcher()

    @dispatcher.callback_query()
    async def twice(query: CallbackQuery) -> None:
        await query.answer("first")
        try:
            await query.answer("second")
        except TelegramBadRequest as error:
            answers.append(error.message)

    async with run_bot(emulator, dispatcher, bot=bot):
        alert = await ann.tap("A")
    assert alert.text == "first" and answers == [QUERY_TOO_OLD]


async def test_unknown_callback_query(bot):
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.answer_callback_query("nope")
    assert caught.value.message == QUERY_TOO_OLD


async def test_late_pre_checkout_answer_is_too_old(emulator, bot):
    ann = emulator.person(1, "Ann")
    late_errors = []
    dispatcher = Dispatcher()

    @dispatcher.pre_checkout_query()
    async def slow(query: PreCheckoutQuery) -> None:
        await asyncio.sleep(0.5)  # past the shortened 0.3 s deadline
        try:
            await query.answer(ok=True)
        except TelegramBadRequest as error:
            late_errors.append(error.message)

    await bot.send_invoice(ann.id, "Item", "desc", "p1", "XTR", [{"label": "x", "amount": 5}])
    async with run_bot(emulator, dispatcher, bot=bot):
        with pytest.raises(PaymentNotAnswered):
            await ann.pay_invoice()
        await emulator.settle()
    assert late_errors == [QUERY_TOO_OLD]
    assert not emulator.state.charges


async def test_wrong_file_identifier(bot):
    with pytest.raises(TelegramBadRequest, match="wrong file identifier/HTTP URL specified"):
        await bot.send_document(1, "no-such-file")


@pytest.fixture(autouse=True)
def _chat_one(emulator):
    emulator.person(1, "Ann")


async def test_blocked_user_is_forbidden(emulator, bot):
    emulator.person(1).block_bot()
    with pytest.raises(TelegramForbiddenError) as caught:
        await bot.send_message(1, "hi")
    assert caught.value.message == "Forbidden: bot was blocked by the user"


async def test_channel_membership_follows_join_and_leave(emulator, bot):
    emulator.channel(-100500, "news", "News")
    ann = emulator.person(1)
    assert (await bot.get_chat_member(-100500, ann.id)).status == "left"
    ann.join(-100500)
    assert (await bot.get_chat_member("@news", ann.id)).status == "member"
    ann.leave(-100500)
    assert (await bot.get_chat_member(-100500, ann.id)).status == "left"


async def test_membership_is_inaccessible_without_admin_rights(emulator, bot):
    emulator.channel(-100501, title="Closed", bot_is_admin=False)
    with pytest.raises(TelegramBadRequest, match="member list is inaccessible"):
        await bot.get_chat_member(-100501, 1)


async def test_refund_once(emulator, bot, bare_bot):
    ann = emulator.person(1)
    await ann.command("buy")
    payment = await ann.pay_invoice()
    assert await bot.refund_star_payment(ann.id, payment.charge_id)
    with pytest.raises(TelegramBadRequest, match="CHARGE_ALREADY_REFUNDED"):
        await bot.refund_star_payment(ann.id, payment.charge_id)


async def test_paying_twice_needs_consent_and_gives_a_new_charge(emulator, bare_bot):
    from nanostore.emulator import InvoiceAlreadyPaid

    ann = emulator.person(1)
    await ann.command("buy")
    first = await ann.pay_invoice()
    with pytest.raises(InvoiceAlreadyPaid):
        await ann.pay_invoice()
    second = await ann.pay_invoice(again=True)
    await ann.deliver_payment(second)  # Telegram delivering the same payment twice
    assert first.charge_id != second.charge_id
    assert bare_bot.dispatcher.paid_charges == [first.charge_id, second.charge_id, second.charge_id]
