"""From cart to order: a summary to confirm, then one transaction that takes everything.

place_order takes stock, the coupon use and the wallet part with guarded UPDATEs, writes the
order with snapshots of its lines and empties the cart; if anything is missing it all rolls back.
The checkout token is unique on the order, so a checkout makes one order however many taps.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.timezone import now as utc_now
from tortoise.transactions import in_transaction

from nanostore.db.models import CartLine, Coupon, Order, OrderLine, User
from nanostore.db.models.enums import LedgerReason, StockMode
from nanostore.domain.products import available_units, is_on_sale

from . import coupons, holds, ledger, orders, settings, stock
from .cart import lines_with_products, refuse_subscriptions
from .columns import column
from .errors import (
    AccessDenied,
    AmountOutOfRange,
    BelowMinimumOrder,
    CartEmpty,
    DomainError,
    InsufficientBalance,
    InvalidInput,
    NotFound,
    OutOfStock,
    ProductUnavailable,
)
from .outbox import notify_admins

TOKEN_MAX = 64


@dataclass(frozen=True)
class Summary:
    subtotal: int
    discount: int
    coupon_code: str | None
    percent: int
    wallet_used: int
    amount_due: int
    balance: int
    currency: str
    item_count: int


def _check_lines(lines: list[CartLine], with_stock: bool) -> None:
    if not lines:
        raise CartEmpty()
    for line in lines:
        product = line.product
        if not is_on_sale(product):
            raise ProductUnavailable(product_id=product.id, product=product.name)
        units = available_units(product)
        if with_stock and units is not None and line.quantity > units:
            raise OutOfStock(product_id=product.id, product=product.name, available=units)


def wallet_part(requested: bool | int, balance: int, total: int) -> int:
    """True uses as much as possible; a number is capped at the balance and the total."""
    if requested is True:
        wanted = total
    elif requested is False or requested is None:
        wanted = 0
    elif isinstance(requested, int) and requested >= 0:
        wanted = requested
    else:
        raise InvalidInput(field="wallet_amount", reason="non_negative_integer")
    return max(0, min(wanted, balance, total))


async def _quote(user_id: int, lines: list[CartLine], coupon: Coupon | None,
                 use_wallet: bool | int, with_stock: bool = True) -> Summary:
    _check_lines(lines, with_stock)
    shop = await settings.load()
    subtotal = sum(line.product.price * line.quantity for line in lines)
    if subtotal < shop.min_order:
        raise BelowMinimumOrder(minimum=shop.min_order, subtotal=subtotal, currency=shop.currency_code)
    discount = coupons.discount_for(subtotal, coupon.percent) if coupon else 0
    balance = await column(User.filter(id=user_id), "balance")
    if not balance:
        raise NotFound(entity="user", id=user_id)
    wallet = wallet_part(use_wallet, balance[0], subtotal - discount)
    return Summary(subtotal=subtotal, discount=discount, coupon_code=coupon.code if coupon else None,
                   percent=coupon.percent if coupon else 0, wallet_used=wallet,
                   amount_due=subtotal - discount - wallet, balance=balance[0],
                   currency=shop.currency_code, item_count=sum(line.quantity for line in lines))


async def summary(user_id: int, coupon_code: str | None = None,
                  use_wallet: bool | int = False) -> Summary:
    coupon = await coupons.validate(coupon_code, user_id) if coupon_code else None
    return await _quote(user_id, await lines_with_products(user_id), coupon, use_wallet)


async def review(user_id: int, lines: list[CartLine], coupon: Coupon | None,
                 use_wallet: bool | int = False) -> Summary:
    """The checkout screen's summary over lines it already loaded (it shows them too), with a
    coupon it already validated: one query fewer than `summary`."""
    return await _quote(user_id, lines, coupon, use_wallet)


async def check_wallet_amount(user_id: int, amount: int, coupon_code: str | None = None) -> int:
    """A typed wallet amount must be at least one minor unit and no more than the balance or
    what is left to pay after the coupon; returns it, else AmountOutOfRange with the bounds."""
    quote = await summary(user_id, coupon_code)
    cap = min(quote.balance, quote.subtotal - quote.discount)
    if cap < 1:
        raise InsufficientBalance(balance=quote.balance, needed=amount)
    if not 1 <= amount <= cap:
        raise AmountOutOfRange(amount=amount, minimum=1, maximum=cap)
    return amount


async def _take_stock(lines: list[CartLine]) -> None:
    # Sorted by product so concurrent checkouts lock rows in the same order (no deadlock on PG).
    for line in sorted(lines, key=lambda line: line.product_id):
        if line.product.stock_mode != StockMode.COUNTED:
            continue
        if not await stock.take(line.product_id, line.quantity):
            left = await CartLine.filter(id=line.id).values_list("product__stock", flat=True)
            raise OutOfStock(product_id=line.product_id, product=line.product.name,
                             available=max(0, left[0]) if left else 0)


async def _write_order(user_id: int, token: str, quote: Summary, coupon: Coupon | None,
                       lines: list[CartLine]) -> Order:
    # Left to pay: it holds its stock until a deadline (services/holds).
    hold_until = holds.deadline(await settings.load(), utc_now()) if quote.amount_due else None
    order = await Order.create(
        user_id=user_id, subtotal=quote.subtotal, discount=quote.discount,
        wallet_used=quote.wallet_used, amount_due=quote.amount_due, currency=quote.currency,
        coupon_id=coupon.id if coupon else None, checkout_token=token, hold_until=hold_until)
    await OrderLine.bulk_create([
        OrderLine(order_id=order.id, product_id=line.product_id, product_name=line.product.name,
                  unit_price=line.product.price, quantity=line.quantity,
                  delivery_type=line.product.delivery_type,
                  protect_content=line.product.protect_content,
                  stock_counted=line.product.stock_mode == StockMode.COUNTED)
        for line in lines])
    return order


def _check_wallet_still_covers(requested: bool | int, quote: Summary) -> None:
    # The balance fell since the summary was shown: say so rather than charge another amount.
    if isinstance(requested, bool) or not requested:
        return
    if quote.wallet_used < min(requested, quote.subtotal - quote.discount):
        raise InsufficientBalance(balance=quote.balance, needed=requested)


async def _place(user_id: int, token: str, coupon_code: str | None, wallet_amount: int) -> Order:
    # Stock, coupon uses and balance are not checked here but taken below by guarded UPDATEs:
    # a value read now may be stale by the time it is written (PostgreSQL, other processes).
    lines = await lines_with_products(user_id)
    await refuse_subscriptions([line.product_id for line in lines])
    coupon = await coupons.by_code(coupon_code) if coupon_code else None
    quote = await _quote(user_id, lines, coupon, wallet_amount, with_stock=False)
    _check_wallet_still_covers(wallet_amount, quote)
    if quote.amount_due:
        await holds.check_open_limit(user_id)
    # The order row comes first: a second tap with the same token waits on its unique key here.
    order = await _write_order(user_id, token, quote, coupon, lines)
    await _take_stock(lines)
    if coupon:
        await coupons.redeem(coupon, user_id, order.id)
    if quote.wallet_used:
        await ledger.debit(user_id, quote.wallet_used, LedgerReason.ORDER_PAYMENT, f"order:{order.id}")
    await CartLine.filter(id__in=[line.id for line in lines]).delete()
    await notify_admins("new_order", order_id=order.id, user_id=user_id, amount=quote.amount_due,
                        currency=quote.currency)
    for line in lines:
        if line.product.stock_mode == StockMode.COUNTED:
            await stock.alert_if_stock_low(line.product_id, line.quantity)
    if quote.amount_due == 0:
        await orders.mark_paid(order.id, via="wallet")
    return order


async def _order_for_token(token: str, user_id: int) -> Order | None:
    order = await Order.get_or_none(checkout_token=token)
    if order is not None and order.user_id != user_id:
        raise AccessDenied(entity="checkout", id=token)
    return order


async def place_order(user_id: int, checkout_token: str, coupon_code: str | None = None,
                      wallet_amount: bool | int = 0) -> Order:
    if not checkout_token or len(checkout_token) > TOKEN_MAX:
        raise InvalidInput(field="checkout_token", reason="length", min=1, max=TOKEN_MAX)
    try:
        async with in_transaction():
            # Checked inside the transaction: taps queued behind the first one see its order.
            existing = await _order_for_token(checkout_token, user_id)
            if existing is not None:
                return existing
            order = await _place(user_id, checkout_token, coupon_code, wallet_amount)
    except (IntegrityError, DomainError):
        # A parallel tap won: its order is this checkout's order (our INSERT hit the unique
        # token, or we found the cart already emptied by it). Otherwise the error stands.
        existing = await _order_for_token(checkout_token, user_id)
        if existing is None:
            raise
        return existing
    return await Order.get(id=order.id)
