"""Card invoices (Telegram Payments with a provider token): a fiat invoice needs the token, the
payment carries Telegram's and the provider's charge ids, and refundStarPayment is for Stars
only (a card is refunded at its provider)."""

from __future__ import annotations

import pytest
from aiogram import Dispatcher, F
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import LabeledPrice, Message, PreCheckoutQuery

from nanostore.emulator.harness import run_bot

TOKEN = "284685063:TEST:emulated"


def card_shop() -> tuple[Dispatcher, list]:
    paid: list = []
    dispatcher = Dispatcher()

    @dispatcher.pre_checkout_query()
    async def accept(query: PreCheckoutQuery) -> None:
        await query.answer(ok=True)

    @dispatcher.message(F.successful_payment)
    async def record(message: Message) -> None:
        paid.append(message.successful_payment)

    return dispatcher, paid


async def send_card_invoice(bot, chat_id: int, token: str = TOKEN):
    return await bot.send_invoice(chat_id, "Key", "A game key", "card:order:7", "EUR",
                                  [LabeledPrice(label="Key", amount=1250)], provider_token=token)


async def test_a_fiat_invoice_without_a_provider_token_is_refused(emulator, bot):
    ann = emulator.person(1)
    with pytest.raises(TelegramBadRequest, match="PAYMENT_PROVIDER_INVALID"):
        await send_card_invoice(bot, ann.id, token="")


async def test_a_card_payment_carries_both_charge_ids(emulator, bot):
    ann = emulator.person(1)
    dispatcher, paid = card_shop()
    async with run_bot(emulator, dispatcher, bot=bot):
        sent = await send_card_invoice(bot, ann.id)
        assert (sent.invoice.currency, sent.invoice.total_amount) == ("EUR", 1250)
        payment = await ann.pay_invoice()
        await ann.deliver_payment(payment)  # Telegram reporting it twice
    assert len(paid) == 2 and paid[0] == paid[1]
    reported = paid[0]
    assert (reported.currency, reported.total_amount, reported.invoice_payload) == ("EUR", 1250,
                                                                                  "card:order:7")
    assert reported.telegram_payment_charge_id == payment.charge_id
    assert reported.provider_payment_charge_id and not reported.telegram_payment_charge_id.startswith("stx")
    assert reported.provider_payment_charge_id != reported.telegram_payment_charge_id
    assert emulator.state.star_transactions == []  # not a Stars charge
    with pytest.raises(TelegramBadRequest, match="CHARGE_ID_INVALID"):
        await bot.refund_star_payment(ann.id, payment.charge_id)
