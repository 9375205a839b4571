"""Paying by card through Telegram Payments: invoices for an order or a top-up, the pre-checkout
answer, and the successful payment. No Telegram here: the bot layer sends what these return.

The provider charges the card; Telegram reports it in `successful_payment` with the provider's
charge id, the id the provider's dashboard shows. Each charge is a CardPayment row keyed by that
id, written in the transaction that pays the order (orders.mark_paid) or credits the top-up
(wallet.credit_card_topup), so a charge reported twice applies once. A second charge for an
order already paid is kept as DUPLICATE and one we cannot match as ORPHAN; the bot cannot
refund cards, so both are reported to the admins, who refund in the provider's dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from nanostore.db.models import CardPayment, Order, User
from nanostore.db.models.enums import CardPaymentStatus
from nanostore.domain.currencies import describe, to_telegram_amount
from nanostore.domain.orders import is_payable

from . import holds, orders, settings, wallet
from .columns import column
from .errors import (
    AccessDenied,
    AmountOutOfRange,
    CardsUnavailable,
    NotFound,
    OrderNotPayable,
    PaymentMismatch,
    TopUpDisabled,
)
from .outbox import notify_admins
from .settings import ShopSettings

PREFIX = "card:"
ORDER = "order"
TOPUP = "topup"


@dataclass(frozen=True)
class CardInvoice:
    payload: str
    amount: int  # in the currency's smallest unit, as Telegram wants it
    currency: str


@dataclass(frozen=True)
class CardOutcome:
    status: CardPaymentStatus
    order_id: int | None
    first_time: bool = True  # False when this charge was already recorded (a replayed update)


def offered(shop: ShopSettings, has_token: bool) -> bool:
    """Customers see "Pay by card" only when the admin switched it on and a token is set."""
    return shop.cards_enabled and has_token


def is_card_payload(payload: str | None) -> bool:
    return bool(payload) and str(payload).startswith(PREFIX)


def parse(payload: str) -> tuple[str, int] | None:
    """("order", order id) or ("topup", amount in the shop's minor units); None otherwise."""
    kind, _, number = payload.removeprefix(PREFIX).partition(":")
    if not is_card_payload(payload) or kind not in (ORDER, TOPUP) or not number.isdigit():
        return None
    return kind, int(number)


async def _enabled() -> ShopSettings:
    shop = await settings.load()
    if not shop.cards_enabled:
        raise CardsUnavailable()
    return shop


async def invoice_for_order(order_id: int, user_id: int) -> CardInvoice:
    """The order's amount due in its own currency (fixed when it was placed)."""
    await _enabled()
    order = await orders.owned(order_id, user_id)
    if not is_payable(order):
        raise OrderNotPayable(order_id=order_id, payment_status=str(order.payment_status))
    return CardInvoice(payload=f"{PREFIX}{ORDER}:{order_id}",
                       amount=to_telegram_amount(order.amount_due, order.currency),
                       currency=order.currency)


async def invoice_for_topup(amount: int) -> CardInvoice:
    """A top-up of `amount` (shop minor units) within the shop's range, in its currency."""
    shop = await _enabled()
    await wallet.check_topup_amount(amount)
    return CardInvoice(payload=f"{PREFIX}{TOPUP}:{amount}",
                       amount=to_telegram_amount(amount, shop.currency_code),
                       currency=shop.currency_code)


async def validate_pre_checkout(payload: str, user_id: int, total_amount: int,
                                currency: str) -> str | None:
    """None to accept; otherwise the error code to answer with (within Telegram's 10 seconds).
    The invoice is built again from today's data: an order paid or cancelled since (stock
    given back), a top-up out of range, cards switched off, or a different amount all refuse."""
    parsed = parse(payload)
    if parsed is None:
        return PaymentMismatch.code
    kind, number = parsed
    try:
        if kind == ORDER:
            expected = await invoice_for_order(number, user_id)
        else:
            expected = await invoice_for_topup(number)
    except (NotFound, AccessDenied, OrderNotPayable, CardsUnavailable, TopUpDisabled,
            AmountOutOfRange) as error:
        return error.code
    if (currency, total_amount) != (expected.currency, expected.amount):
        return PaymentMismatch.code
    return None


async def apply_payment(provider_charge_id: str, telegram_charge_id: str, payload: str,
                        user_id: int, amount: int, currency: str) -> CardOutcome:
    """A successful card charge: an order paid or a top-up credited, once per provider charge
    id; a replay returns the first outcome with first_time False.

    The charge is written down on its own first (RECEIVED), then applied in one transaction:
    if applying fails or the process dies in between, the money is not lost: a replay of the
    update or the next start-up (unsettled, settle) applies it."""
    payment = await CardPayment.get_or_none(provider_charge_id=provider_charge_id)
    if payment is None:
        # Never lose a payment for want of a user row (the payer's first update may be this one).
        await User.get_or_create(id=user_id)
        try:
            payment = await CardPayment.create(
                provider_charge_id=provider_charge_id, telegram_charge_id=telegram_charge_id,
                user_id=user_id, amount=amount, currency=currency, payload=payload[:128],
                status=CardPaymentStatus.RECEIVED)
        except IntegrityError:  # the same charge reported twice at once: the other one wrote it
            payment = await CardPayment.get(provider_charge_id=provider_charge_id)
    return await _settle(payment)


async def unsettled() -> list[int]:
    """Charges written down but never applied (a crash in between), oldest first."""
    return await column(CardPayment.filter(status=CardPaymentStatus.RECEIVED).order_by("id"), "id")


async def settle(payment_id: int) -> CardOutcome:
    """Apply one recorded charge now, if nobody has (start-up recovery)."""
    return await _settle(await CardPayment.get(id=payment_id))


async def _settle(payment: CardPayment) -> CardOutcome:
    if payment.status is not CardPaymentStatus.RECEIVED:
        return CardOutcome(payment.status, payment.order_id, first_time=False)
    async with in_transaction():
        # The claim: of two callers at once only one turns RECEIVED into an outcome.
        claimed = await CardPayment.filter(id=payment.id, status=CardPaymentStatus.RECEIVED).update(
            status=CardPaymentStatus.ORPHAN)
        if claimed == 1:
            return await _apply(payment)
    settled = await CardPayment.get(id=payment.id)
    return CardOutcome(settled.status, settled.order_id, first_time=False)


async def _apply(payment: CardPayment) -> CardOutcome:
    parsed = parse(payment.payload)
    if parsed is not None and parsed[0] == TOPUP and await _charged_as_invoiced(payment, parsed[1]):
        await wallet.credit_card_topup(payment.user_id, parsed[1], payment.provider_charge_id)
        return CardOutcome(CardPaymentStatus.APPLIED, None)
    order = await Order.get_or_none(id=parsed[1]) if parsed and parsed[0] == ORDER else None
    if order is None or order.user_id != payment.user_id or not await _charged_as_invoiced(
            payment, order.amount_due, order.currency):
        await _tell_admins("card_orphan", payment)
        return CardOutcome(CardPaymentStatus.ORPHAN, order.id if order else None)
    status = (CardPaymentStatus.APPLIED if await orders.mark_paid(order.id, via="card")
              else CardPaymentStatus.DUPLICATE)
    await CardPayment.filter(id=payment.id).update(status=status, order_id=order.id)
    if status is CardPaymentStatus.DUPLICATE:
        # Paid after its hold expired and its units were sold: say that, not "paid twice".
        await _tell_admins("card_duplicate", payment, order_id=order.id,
                           expired=await holds.expired(order.id))
    return CardOutcome(status, order.id)


async def paid_by_card(order_id: int) -> str | None:
    """What the card charge that paid this order took ("12.50 USD"), for the paid screen."""
    payment = await CardPayment.filter(order_id=order_id, status=CardPaymentStatus.APPLIED).first()
    return describe(payment.amount, payment.currency) if payment else None


async def _charged_as_invoiced(payment: CardPayment, shop_amount: int,
                               currency: str | None = None) -> bool:
    """Was the card charged what an invoice for `shop_amount` asked, in that currency?"""
    currency = currency or (await settings.load()).currency_code
    try:
        expected = to_telegram_amount(shop_amount, currency)
    except ValueError:
        return False
    return (payment.currency, payment.amount) == (currency, expected)


async def _tell_admins(kind: str, payment: CardPayment, **extra: int | bool) -> None:
    await notify_admins(kind, charge_id=payment.provider_charge_id, user_id=payment.user_id,
                        paid=describe(payment.amount, payment.currency), payload=payment.payload,
                        **extra)

