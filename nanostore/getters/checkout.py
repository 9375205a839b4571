"""Checkout windows: the summary of the cart, then how to pay the order it became."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram_dialog import DialogManager

from nanostore.domain.orders import is_paid, is_payable
from nanostore.services import (
    cards,
    cart,
    checkout,
    coupons,
    crypto,
    holds,
    orders,
    payment_methods,
    stars,
)
from nanostore.services.errors import (
    AccessDenied,
    CouponAlreadyUsed,
    CouponExhausted,
    CouponExpired,
    CouponInvalid,
    DomainError,
    NotFound,
)
from nanostore.ui import default_registry as registry

if TYPE_CHECKING:
    from nanostore.services.coupons import Coupon
    from nanostore.services.orders import Order

COUPON_ERRORS = (CouponInvalid, CouponExpired, CouponExhausted, CouponAlreadyUsed)


def error_text(t, error: DomainError) -> str:
    return t(f"errors.{error.code}", **error.params)


async def _coupon(code: str | None, user_id: int, t) -> tuple[Coupon | None, str | None]:
    # A coupon accepted earlier may have expired or run out since: say so, quote without it.
    if not code:
        return None, None
    try:
        return await coupons.validate(code, user_id), None
    except COUPON_ERRORS as error:
        return None, error_text(t, error)


def _line(line) -> dict:
    return {"name": line.product.name, "quantity": line.quantity, "unit_price": line.product.price,
            "line_total": line.product.price * line.quantity}


@registry.getter("checkout.summary")
async def summary(dialog_manager: DialogManager, shop_user, t, **_) -> dict:
    data = dialog_manager.dialog_data
    lines = await cart.lines_with_products(shop_user.id)
    coupon, coupon_problem = await _coupon(data.get("coupon"), shop_user.id, t)
    quote, problem = None, None
    try:
        quote = await checkout.review(shop_user.id, lines, coupon, data.get("wallet", False))
    except DomainError as error:
        problem = error_text(t, error)
    return {"lines": [_line(line) for line in lines], "quote": quote, "problem": problem,
            "coupon_problem": coupon_problem, "balance": shop_user.balance,
            "can_confirm": quote is not None}


def _order_view(order: Order) -> dict:
    return {"id": order.id, "amount_due": order.amount_due, "subtotal": order.subtotal,
            "discount": order.discount, "wallet_used": order.wallet_used,
            "status": str(order.status), "payment_status": str(order.payment_status)}


async def owned_order(dialog_manager: DialogManager, user_id: int) -> Order | None:
    """The dialog's order if it is this person's; a forged or stale id shows as missing."""
    order_id = dialog_manager.dialog_data.get("order_id")
    if not isinstance(order_id, int):
        return None
    try:
        return await orders.owned(order_id, user_id)
    except (NotFound, AccessDenied):
        return None


@registry.getter("checkout.payment")
async def payment(dialog_manager: DialogManager, shop_user, shop, settings, **_) -> dict:
    order = await owned_order(dialog_manager, shop_user.id)
    if order is None:
        return {"order": None, "payable": False, "methods": [], "stars_amount": None,
                "card_offered": False, "crypto_offered": False, "paid_stars": None,
                "paid_card": None, "paid_crypto": None, "minutes_left": None}
    payable = is_payable(order)
    methods = await payment_methods.list_active() if payable else []
    return {"order": _order_view(order), "payable": payable,
            "methods": [{"id": m.id, "name": m.name, "emoji": m.emoji} for m in methods],
            "stars_amount": await stars.expected_amount(order) if payable else None,
            "card_offered": payable and cards.offered(shop, settings.provider_token() is not None),
            "crypto_offered": payable and crypto.offered(shop, settings.crypto_token() is not None),
            "paid_stars": await _paid_stars(order),
            "paid_card": await cards.paid_by_card(order.id) if is_paid(order) else None,
            "paid_crypto": await crypto.paid_in_crypto(order.id) if is_paid(order) else None,
            "minutes_left": holds.minutes_left(order) if payable else None}


async def _paid_stars(order: Order) -> int | None:
    # The paid screen says how it was paid: in Stars, or (the rest) from the wallet.
    if not is_paid(order):
        return None
    charge = await stars.charge_of(order.id)
    return charge.amount if charge else None


@registry.getter("checkout.method")
async def method(dialog_manager: DialogManager, shop_user, **_) -> dict:
    order = await owned_order(dialog_manager, shop_user.id)
    method_id = dialog_manager.dialog_data.get("method_id")
    try:
        chosen = await payment_methods.get(method_id) if isinstance(method_id, int) else None
    except NotFound:
        chosen = None
    return {"order": _order_view(order) if order else None,
            "method": {"name": chosen.name, "emoji": chosen.emoji, "details": chosen.details}
            if chosen else None}
