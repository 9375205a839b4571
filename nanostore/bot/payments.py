"""Telegram Stars: pre-checkout answers, successful payments, automatic refunds of duplicates,
and the /paysupport and /terms commands Telegram asks of bots that take payments. Card payments
(payload `card:...`) are routed to card_payments.py at the two entry points.

Every successful payment is recorded before anything else (gates let it through), so a payment
is never lost, whatever state the person or the shop is in.
"""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.types import Message, PreCheckoutQuery
from aiogram_dialog import DialogManager

from nanostore.bot import card_payments, subscription_payments
from nanostore.bot.paid_screen import show_order_paid
from nanostore.db.models.enums import StarsPaymentStatus
from nanostore.services import cards, stars, stars_topup, subscriptions
from nanostore.services import settings as shop_settings

log = logging.getLogger(__name__)


def payments_router() -> Router:
    router = Router(name="payments")
    router.pre_checkout_query.register(answer_pre_checkout)
    router.message.register(record_payment, F.successful_payment)
    router.message.register(pay_support, Command("paysupport"))
    router.message.register(terms, Command("terms"))
    return router


async def answer_pre_checkout(query: PreCheckoutQuery, t) -> None:
    problem = await _pre_checkout_problem(query)
    if problem is None:
        await query.answer(ok=True)
    else:
        await query.answer(ok=False, error_message=t(f"errors.{problem}"))


async def _pre_checkout_problem(query: PreCheckoutQuery) -> str | None:
    """The error code to refuse the payment with, chosen by what the invoice pays for."""
    payload, payer = query.invoice_payload, query.from_user.id
    if cards.is_card_payload(payload):
        return await cards.validate_pre_checkout(payload, payer, query.total_amount, query.currency)
    if stars_topup.amount_from(payload) is not None:
        return await stars_topup.validate_pre_checkout(payload, query.total_amount, query.currency)
    if subscriptions.is_payload(payload):
        return await subscriptions.validate_pre_checkout(payload, payer, query.total_amount,
                                                         query.currency)
    return await stars.validate_pre_checkout(payload, payer, query.total_amount, query.currency)


async def record_payment(message: Message, bot: Bot, t, notifier=None,
                         dialog_manager: DialogManager | None = None) -> None:
    paid = message.successful_payment
    # Registered for F.successful_payment, which Telegram sends from the payer.
    assert paid is not None and message.from_user is not None
    if cards.is_card_payload(paid.invoice_payload):
        await card_payments.record_payment(message, bot, t, notifier, dialog_manager)
        return
    if subscriptions.is_payload(paid.invoice_payload):
        await subscription_payments.apply_charge(
            bot, paid.telegram_payment_charge_id, paid.invoice_payload, message.from_user.id,
            paid.total_amount, t, notifier, paid.subscription_expiration_date,
            bool(paid.is_first_recurring))
        return
    outcome = await apply_charge(bot, paid.telegram_payment_charge_id, paid.invoice_payload,
                                 message.from_user.id, paid.total_amount, t, notifier)
    if outcome.status is StarsPaymentStatus.APPLIED and outcome.order_id is not None:
        await show_order_paid(dialog_manager, outcome.order_id)


async def apply_charge(bot: Bot, charge_id: str, payload: str, user_id: int, amount: int, t,
                       notifier=None) -> stars.PaymentOutcome:
    """What a Stars charge does, whether its successful_payment update told us or the Stars
    ledger did (stars_ledger): applied once, a duplicate refunded, an orphan explained, each
    only by the call that applied the charge."""
    if subscriptions.is_payload(payload):  # from the ledger: expiry and first-ness unknown
        sub = await subscription_payments.apply_charge(bot, charge_id, payload, user_id, amount, t,
                                                       notifier)
        return stars.PaymentOutcome(sub.status, None, sub.needs_refund, sub.first_time)
    outcome = await stars.apply_charge(charge_id, payload, user_id, amount)
    if outcome.needs_refund:
        await _refund_duplicate(bot, user_id, charge_id, t)
    elif outcome.status is StarsPaymentStatus.ORPHAN and outcome.first_time:
        # Kept and reported to admins by the service; the payer should not wonder either.
        await _tell_payer(bot, user_id, t("checkout.orphan_payment"))
    if notifier is not None:
        notifier.wake()
    return outcome


async def _refund_duplicate(bot: Bot, user_id: int, charge_id: str, t) -> None:
    try:
        await bot.refund_star_payment(user_id=user_id, telegram_payment_charge_id=charge_id)
    except TelegramAPIError:
        # Recorded as a duplicate and reported to admins by the service: they can refund by hand.
        log.exception("automatic refund of duplicate charge %s failed", charge_id)
        return
    await stars.mark_refunded(charge_id)
    await _tell_payer(bot, user_id, t("payments.duplicate_refunded"))


async def _tell_payer(bot: Bot, user_id: int, text: str) -> None:
    try:
        await bot.send_message(user_id, text)
    except TelegramAPIError as error:  # the payment is recorded; a note that cannot go is no loss
        log.info("could not tell payer %s: %s", user_id, error)


async def pay_support(message: Message, t) -> None:
    text = (await shop_settings.load()).paysupport_text
    await _answer_admin_text(message, text, t("payments.paysupport_default"))


async def terms(message: Message, t) -> None:
    text = (await shop_settings.load()).terms_text
    await _answer_admin_text(message, text, t("payments.terms_default"))


async def _answer_admin_text(message: Message, text: str, default_html: str) -> None:
    # The admin types these in the settings screen as plain words: a "<" is a character, not
    # markup (Telegram would refuse the message). Our own default is HTML from the locale.
    if text:
        await message.answer(text, parse_mode=None)
    else:
        await message.answer(default_html)
