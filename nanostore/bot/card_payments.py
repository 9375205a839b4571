"""Card payments through Telegram Payments, the bot's side: the invoice and the successful
payment (services/cards decides; this module only talks to Telegram). The pre-checkout answer
is payments.py's, for every kind of invoice.

Routed here from payments.py by the invoice payload (`card:...`); Stars keep their own path.
Telegram cannot refund a card from the bot: a duplicate or orphan charge is recorded, the
admins are told (by the service, through the outbox), and the payer gets a plain word here.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import LabeledPrice, Message
from aiogram_dialog import DialogManager

from nanostore.bot.paid_screen import show_order_paid
from nanostore.db.models.enums import CardPaymentStatus
from nanostore.services import cards
from nanostore.services.errors import CardsUnavailable

log = logging.getLogger(__name__)


async def send_card_invoice(bot: Bot, provider_token: str | None, chat_id: int,
                            invoice: cards.CardInvoice, title: str, description: str) -> None:
    """sendInvoice with the provider token from the environment; no token, no card invoice."""
    if not provider_token:
        raise CardsUnavailable()
    await bot.send_invoice(chat_id=chat_id, title=title, description=description,
                           payload=invoice.payload, currency=invoice.currency,
                           prices=[LabeledPrice(label=title, amount=invoice.amount)],
                           provider_token=provider_token)


async def record_payment(message: Message, bot: Bot, t, notifier=None,
                         dialog_manager: DialogManager | None = None) -> None:
    paid = message.successful_payment
    assert paid is not None and message.from_user is not None  # F.successful_payment, from the payer
    # Keyed by the provider's id (the one its dashboard shows); Telegram's is kept beside it.
    charge_id = paid.provider_payment_charge_id or f"telegram:{paid.telegram_payment_charge_id}"
    outcome = await cards.apply_payment(charge_id, paid.telegram_payment_charge_id,
                                        paid.invoice_payload, message.from_user.id,
                                        paid.total_amount, paid.currency)
    if notifier is not None:
        notifier.wake()
    if not outcome.first_time:
        return
    if outcome.status is CardPaymentStatus.APPLIED and outcome.order_id is not None:
        await show_order_paid(dialog_manager, outcome.order_id)
    elif outcome.status is CardPaymentStatus.DUPLICATE:
        await _tell_payer(bot, message.from_user.id, t("payments.card_duplicate"))
    elif outcome.status is CardPaymentStatus.ORPHAN:
        await _tell_payer(bot, message.from_user.id, t("payments.card_orphan"))


async def _tell_payer(bot: Bot, user_id: int, text: str) -> None:
    try:
        await bot.send_message(user_id, text)
    except TelegramAPIError as error:  # the payment is recorded; a note that cannot go is no loss
        log.info("could not tell payer %s: %s", user_id, error)
