"""Checkout: coupon, wallet part, one order per checkout, then paying it by hand, in Stars or
by card."""

from __future__ import annotations

import secrets

from aiogram.types import LabeledPrice

from nanostore.actions.replies import wake_notifier
from nanostore.actions.shop_deps import deps
from nanostore.bot.card_payments import send_card_invoice
from nanostore.services import cards, checkout, coupons, orders, payments, stars
from nanostore.services.errors import NotFound
from nanostore.ui import ActionContext, StartDialog, SwitchTo, Transition
from nanostore.ui import default_registry as registry


def order_id_of(ctx: ActionContext) -> int:
    order_id = ctx.dialog_data.get("order_id")
    if not isinstance(order_id, int):
        raise NotFound(entity="order", id=order_id)
    return order_id


@registry.action("checkout.started")
async def started(ctx: ActionContext) -> Transition | None:
    # One token per checkout: however often Confirm is tapped, place_order makes one order.
    ctx.dialog_data["token"] = secrets.token_urlsafe(16)
    start = ctx.start_data if isinstance(ctx.start_data, dict) else {}
    if isinstance(start.get("order_id"), int):
        # "Pay now" from an order: straight to the methods; the getters check whose order it is.
        ctx.dialog_data["order_id"] = start["order_id"]
        return SwitchTo("pay")
    return None


@registry.action("checkout.apply_coupon")
async def apply_coupon(ctx: ActionContext) -> None:
    coupon = await coupons.validate(str(ctx.value), ctx.user.id)
    ctx.dialog_data["coupon"] = coupon.code


@registry.action("checkout.set_wallet_amount")
async def set_wallet_amount(ctx: ActionContext) -> None:
    ctx.dialog_data["wallet"] = await checkout.check_wallet_amount(
        ctx.user.id, int(ctx.value), ctx.dialog_data.get("coupon"))


@registry.action("checkout.confirm")
async def confirm(ctx: ActionContext) -> Transition:
    data = ctx.dialog_data
    order = await checkout.place_order(ctx.user.id, data["token"], data.get("coupon"),
                                       data.get("wallet", 0))
    data["order_id"] = order.id
    wake_notifier(ctx)
    return SwitchTo("paid" if order.amount_due == 0 else "pay")


@registry.action("checkout.choose_method")
async def choose_method(ctx: ActionContext) -> None:
    method = await orders.choose_payment_method(order_id_of(ctx), ctx.user.id, int(ctx.item))
    ctx.dialog_data["method_id"] = method.id


@registry.action("checkout.submit_proof")
async def submit_proof(ctx: ActionContext) -> None:
    await payments.submit_proof(order_id_of(ctx), ctx.user.id, str(ctx.value))
    wake_notifier(ctx)


@registry.action("checkout.pay_stars")
async def pay_stars(ctx: ActionContext) -> None:
    order_id = order_id_of(ctx)
    invoice = await stars.invoice_for(order_id, ctx.user.id)
    label = ctx.t("checkout.invoice_title", order_id=order_id)
    await deps(ctx).bot.send_invoice(
        chat_id=ctx.user.id, title=str(label),
        description=str(ctx.t("checkout.invoice_description", order_id=order_id)),
        payload=invoice.payload, currency=invoice.currency,
        prices=[LabeledPrice(label=str(label), amount=invoice.amount)], provider_token="")
    ctx.dialog_data["invoice_sent"] = True


@registry.action("checkout.pay_card")
async def pay_card(ctx: ActionContext) -> None:
    """A card invoice for the order: refused (with the rule's message) when cards are off or
    the order can no longer be paid, as a stale or forged tap may ask."""
    order_id = order_id_of(ctx)
    invoice = await cards.invoice_for_order(order_id, ctx.user.id)
    await send_card_invoice(deps(ctx).bot, deps(ctx).settings.provider_token(), ctx.user.id, invoice,
                            str(ctx.t("checkout.invoice_title", order_id=order_id)),
                            str(ctx.t("checkout.invoice_description", order_id=order_id)))
    ctx.dialog_data["invoice_sent"] = "card"


@registry.action("checkout.view_order")
async def view_order(ctx: ActionContext) -> Transition:
    return StartDialog("orders", data={"order_id": order_id_of(ctx)}, mode="reset_stack")
