"""Wallet: choose a top-up amount, then pay it by screenshot, in Stars or by card; page the
history."""

from __future__ import annotations

from aiogram.types import LabeledPrice

from nanostore.actions.replies import wake_notifier
from nanostore.actions.shop_deps import deps
from nanostore.bot.card_payments import send_card_invoice
from nanostore.services import cards, payment_methods, stars_topup, wallet
from nanostore.services.errors import InvalidInput
from nanostore.ui import ActionContext
from nanostore.ui import default_registry as registry


def amount_of(ctx: ActionContext) -> int:
    amount = ctx.dialog_data.get("amount")
    if not isinstance(amount, int):
        raise InvalidInput(field="amount", reason="required")
    return amount


@registry.action("wallet.set_amount")
async def set_amount(ctx: ActionContext) -> None:
    """A preset (`item`) or a typed amount (`value`), checked against the shop's range."""
    amount = int(ctx.item if ctx.item is not None else ctx.value)
    await wallet.check_topup_amount(amount)
    ctx.dialog_data["amount"] = amount


@registry.action("wallet.choose_method")
async def choose_method(ctx: ActionContext) -> None:
    method = await payment_methods.get(int(ctx.item))
    ctx.dialog_data["method_id"] = method.id


@registry.action("wallet.request_topup")
async def request_topup(ctx: ActionContext) -> None:
    await wallet.request_topup(ctx.user.id, amount_of(ctx), ctx.dialog_data.get("method_id", 0),
                               str(ctx.value))  # method 0: NotFound, as for a deleted method
    wake_notifier(ctx)


@registry.action("wallet.pay_stars")
async def pay_stars(ctx: ActionContext) -> None:
    amount = amount_of(ctx)
    invoice = await stars_topup.invoice(amount)
    title = str(ctx.t("wallet.invoice_title"))
    await deps(ctx).bot.send_invoice(
        chat_id=ctx.user.id, title=title,
        description=str(ctx.t("wallet.invoice_description", amount=amount)),
        payload=invoice.payload, currency=invoice.currency,
        prices=[LabeledPrice(label=title, amount=invoice.amount)], provider_token="")
    ctx.dialog_data["invoice_sent"] = True


@registry.action("wallet.pay_card")
async def pay_card(ctx: ActionContext) -> None:
    """A card invoice for the chosen amount (cards on, amount within the shop's range)."""
    amount = amount_of(ctx)
    invoice = await cards.invoice_for_topup(amount)
    await send_card_invoice(deps(ctx).bot, deps(ctx).settings.provider_token(), ctx.user.id, invoice,
                            str(ctx.t("wallet.invoice_title")),
                            str(ctx.t("wallet.invoice_description", amount=amount)))
    ctx.dialog_data["invoice_sent"] = "card"


@registry.action("wallet.page")
async def page(ctx: ActionContext) -> None:
    step = int(ctx.args.get("step", 1))
    ctx.dialog_data["history_page"] = max(0, ctx.dialog_data.get("history_page", 0) + step)
