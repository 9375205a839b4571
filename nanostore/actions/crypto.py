"""Paying with crypto: an invoice at Crypto Pay for the order or the top-up amount, shown with
its pay link; "I have paid" asks Crypto Pay at once instead of waiting for the webhook."""

from __future__ import annotations

from nanostore.actions.checkout import order_id_of
from nanostore.actions.replies import note, wake_notifier
from nanostore.actions.shop_deps import deps
from nanostore.actions.wallet import amount_of
from nanostore.db.models.enums import CryptoInvoiceStatus
from nanostore.services import crypto
from nanostore.services.crypto_pay_api import CryptoPayApi
from nanostore.services.errors import CryptoUnavailable, NotFound
from nanostore.ui import ActionContext, Stay, SwitchTo
from nanostore.ui import default_registry as registry


def _api(ctx: ActionContext) -> CryptoPayApi:
    api = deps(ctx).crypto_pay
    if api is None:  # no CRYPTO_PAY_TOKEN: a stale or forged tap, the button is hidden
        raise CryptoUnavailable()
    return api


@registry.action("crypto.pay_order")
async def pay_order(ctx: ActionContext) -> SwitchTo:
    """The order's invoice (the open one, or a new one when it expired)."""
    order_id = order_id_of(ctx)
    invoice = await crypto.invoice_for_order(
        _api(ctx), order_id, ctx.user.id, str(ctx.t("checkout.invoice_description", order_id=order_id)))
    ctx.dialog_data["crypto_invoice"] = invoice.id
    return SwitchTo("crypto")


@registry.action("crypto.pay_topup")
async def pay_topup(ctx: ActionContext) -> SwitchTo:
    amount = amount_of(ctx)
    invoice = await crypto.invoice_for_topup(
        _api(ctx), ctx.user.id, amount, str(ctx.t("wallet.invoice_description", amount=amount)))
    ctx.dialog_data["crypto_invoice"] = invoice.id
    return SwitchTo("crypto")


@registry.action("crypto.check")
async def check(ctx: ActionContext) -> SwitchTo | Stay:
    """Paid: the paid screen (an order) or the wallet (a top-up). Not yet: a short note."""
    row_id = ctx.dialog_data.get("crypto_invoice")
    invoice = await crypto.owned(row_id, ctx.user.id) if isinstance(row_id, int) else None
    if invoice is None:
        raise NotFound(entity="crypto_invoice", id=row_id)
    invoice = await crypto.check_now(_api(ctx), invoice)
    wake_notifier(ctx)
    if invoice.status is CryptoInvoiceStatus.APPLIED:
        if invoice.order_id is not None:
            return SwitchTo("paid")
        note(ctx, "crypto.credited", amount=invoice.amount)
        return SwitchTo("main")
    if invoice.status is CryptoInvoiceStatus.ACTIVE and not crypto.is_expired(invoice):
        note(ctx, "crypto.not_paid_yet")
    return Stay()
