"""Paying an order in Telegram Stars: price, invoice, pre-checkout answer, successful payment.

Telegram may report a payment twice and a customer may pay twice (two invoices, two taps): each
payment is a StarsPayment row keyed by its unique charge id, so a charge is applied once, a second
charge for a paid order is kept as DUPLICATE (to refund), and one we cannot match is kept as
ORPHAN and shown to admins. The Telegram calls themselves are the bot layer's job.

A charge reaches apply_charge by the successful_payment update or, when that update was lost,
from the bot's Stars ledger (stars_reconcile); either way, and both at once, it applies once.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.timezone import now as utc_now
from tortoise.transactions import in_transaction

from nanostore.db.models import Order, OrderLine, Product, StarsPayment, User
from nanostore.db.models.enums import OrderStatus, PaymentStatus, StarsPaymentStatus
from nanostore.domain.orders import REFUND_STARS, REFUNDABLE, is_payable  # noqa: F401
from nanostore.domain.staff import Actor

from . import audit, holds, orders, settings, staff
from .columns import column
from .errors import (
    AccessDenied,
    InvalidTransition,
    NotFound,
    OrderNotPayable,
    PaymentMismatch,
    StarsUnavailable,
)
from .order_cancel import give_back
from .outbox import notify_admins, notify_user

CURRENCY = "XTR"
PAYLOAD_PREFIX = "order:"


@dataclass(frozen=True)
class Invoice:
    payload: str
    amount: int
    title: str
    currency: str = CURRENCY


@dataclass(frozen=True)
class PaymentOutcome:
    status: StarsPaymentStatus
    order_id: int | None
    needs_refund: bool  # the bot refunds this charge with refundStarPayment
    first_time: bool = True  # False when this charge was already applied (replay or race)


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


async def stars_price(order: Order) -> int:
    """Products' own Stars prices when every line has one, else the shop's conversion; a
    discount or wallet part lowers the Stars price in proportion (rounded up, at least 1)."""
    lines = await OrderLine.filter(order_id=order.id).values("product_id", "quantity")
    prices = dict(await Product.filter(id__in=[line["product_id"] for line in lines])
                  .values_list("id", "stars_price"))
    if lines and all(prices.get(line["product_id"]) for line in lines):
        full = sum(prices[line["product_id"]] * line["quantity"] for line in lines)
        return max(1, _ceil_div(full * order.amount_due, order.subtotal))
    per_hundred = (await settings.load()).stars_per_unit
    if not per_hundred:
        raise StarsUnavailable(order_id=order.id)
    return max(1, _ceil_div(order.amount_due * per_hundred, 100))


async def invoice_for(order_id: int, user_id: int) -> Invoice:
    """The price is fixed on the order at the first invoice, so a later price change cannot make
    a sent invoice fail its pre-checkout."""
    order = await orders.owned(order_id, user_id)
    if not is_payable(order):
        raise OrderNotPayable(order_id=order_id, payment_status=str(order.payment_status))
    amount = order.stars_amount
    if amount is None:
        await Order.filter(id=order_id, stars_amount=None).update(stars_amount=await stars_price(order))
        # Read back: a concurrent first invoice may have fixed the price a moment earlier.
        amount = (await column(Order.filter(id=order_id), "stars_amount"))[0]
    return Invoice(payload=f"{PAYLOAD_PREFIX}{order_id}", amount=amount, title=f"#{order_id}")


async def expected_amount(order: Order) -> int | None:
    """The Stars this order asks for: the price fixed by its invoice or, when no invoice was
    recorded (a backup restored after the invoice was sent, say), today's price of a still
    payable order. None when nothing can be expected."""
    if order.stars_amount is not None:
        return order.stars_amount
    if not is_payable(order):
        return None
    try:
        return await stars_price(order)
    except StarsUnavailable:
        return None


def order_id_from(payload: str) -> int | None:
    if not payload or not payload.startswith(PAYLOAD_PREFIX):
        return None
    number = payload.removeprefix(PAYLOAD_PREFIX)
    return int(number) if number.isdigit() else None


async def validate_pre_checkout(payload: str, user_id: int, total_amount: int,
                                currency: str) -> str | None:
    """None to accept; otherwise the error code to answer with (within Telegram's 10 seconds).
    Stock was taken when the order was placed; a cancelled order gave it back and is refused."""
    order_id = order_id_from(payload)
    order = await Order.get_or_none(id=order_id) if order_id else None
    if order is None:
        return NotFound.code
    if order.user_id != user_id:
        return AccessDenied.code
    if not is_payable(order):
        return OrderNotPayable.code
    if currency != CURRENCY or total_amount != await expected_amount(order):
        return PaymentMismatch.code
    return None


async def _record(charge_id: str, payload: str, user_id: int, amount: int) -> PaymentOutcome:
    # The row first: a replay of the same charge fails on its unique key before doing anything.
    payment = await StarsPayment.create(charge_id=charge_id, user_id=user_id, amount=amount,
                                        payload=payload[:128], status=StarsPaymentStatus.ORPHAN)
    order_id = order_id_from(payload)
    order = await Order.get_or_none(id=order_id) if order_id else None
    if order is None or order.user_id != user_id or amount != await expected_amount(order):
        await notify_admins("stars_orphan", charge_id=charge_id, user_id=user_id, amount=amount,
                            payload=payload)
        return PaymentOutcome(StarsPaymentStatus.ORPHAN, order.id if order else None, False)
    await Order.filter(id=order.id, stars_amount=None).update(stars_amount=amount)
    status = (StarsPaymentStatus.APPLIED if await orders.mark_paid(order.id, via="stars")
              else StarsPaymentStatus.DUPLICATE)
    await StarsPayment.filter(id=payment.id).update(status=status, order_id=order.id)
    if status is StarsPaymentStatus.DUPLICATE:
        # Paid after its hold expired and its units were sold: say that, not "paid twice".
        await notify_admins("stars_duplicate", charge_id=charge_id, order_id=order.id,
                            user_id=user_id, amount=amount, expired=await holds.expired(order.id))
    return PaymentOutcome(status, order.id, status is StarsPaymentStatus.DUPLICATE)


async def _outcome_of(charge_id: str) -> PaymentOutcome:
    payment = await StarsPayment.get(charge_id=charge_id)
    return PaymentOutcome(payment.status, payment.order_id, False, first_time=False)


async def apply_successful_payment(charge_id: str, payload: str, user_id: int,
                                   amount: int) -> PaymentOutcome:
    if await StarsPayment.exists(charge_id=charge_id):
        return await _outcome_of(charge_id)
    # Never lose a payment for want of a user row (the payer's first update may be this one).
    await User.get_or_create(id=user_id)
    try:
        async with in_transaction():
            return await _record(charge_id, payload, user_id, amount)
    except IntegrityError:
        if await StarsPayment.exists(charge_id=charge_id):
            return await _outcome_of(charge_id)
        raise


async def apply_charge(charge_id: str, payload: str, user_id: int, amount: int) -> PaymentOutcome:
    """A successful Stars charge, whatever it paid for: a wallet top-up is credited, anything
    else goes to apply_successful_payment (an order paid, or kept as DUPLICATE/ORPHAN)."""
    from . import stars_topup  # late: stars_topup builds on this module

    if stars_topup.amount_from(payload) is None:
        return await apply_successful_payment(charge_id, payload, user_id, amount)
    await User.get_or_create(id=user_id)
    topup = await stars_topup.apply_payment(charge_id, payload, user_id, amount)
    return PaymentOutcome(StarsPaymentStatus.APPLIED, None, False, first_time=topup is not None)


async def mark_refunded(charge_id: str) -> bool:
    """After the bot's refundStarPayment succeeded; True the first time."""
    return await StarsPayment.filter(charge_id=charge_id).exclude(
        status=StarsPaymentStatus.REFUNDED).update(status=StarsPaymentStatus.REFUNDED,
                                                   refunded_at=utc_now()) == 1


async def refund_order(order_id: int, by: Actor) -> StarsPayment:
    """Set a Stars-paid order REFUNDED and give back what it took; returns the payment whose
    charge the bot must refund (then call mark_refunded). Refunding is the orders role's (the
    Refund button is on Admin → Orders)."""
    staff.require(by, "orders")
    admin_id = by.id
    async with in_transaction():
        payment = await StarsPayment.filter(order_id=order_id, status=StarsPaymentStatus.APPLIED).first()
        if payment is None:
            raise NotFound(entity="stars_payment", order_id=order_id)
        # A cancelled order already gave back what it took: refunding it would give it twice.
        refunded = await Order.filter(id=order_id, **REFUND_STARS).update(
            status=OrderStatus.REFUNDED, payment_status=PaymentStatus.REFUNDED)
        if refunded != 1:
            current = await orders.get(order_id)
            raise InvalidTransition(order_id=order_id, current=str(current.status), to="refunded")
        order = await Order.get(id=order_id)
        await give_back(order)
        await notify_user(order.user_id, "order_status", order_id=order_id,
                          status=str(OrderStatus.REFUNDED), by="admin")
        await audit.record(admin_id, "order.refund_stars", order_id, after={"charge_id": payment.charge_id})
        return payment


async def charge_of(order_id: int) -> StarsPayment | None:
    """The Stars charge that paid this order and is not refunded at Telegram yet (None if the
    order was not paid in Stars, or its refund went through)."""
    return await StarsPayment.filter(order_id=order_id, status=StarsPaymentStatus.APPLIED).first()
