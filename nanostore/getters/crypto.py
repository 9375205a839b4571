"""The crypto invoice window, in checkout (an order) and in the wallet (a top-up): the amount,
the assets Crypto Bot will offer, the time left, and the pay link while it can be paid."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.db.models.enums import CryptoInvoiceStatus
from nanostore.services import crypto
from nanostore.ui import default_registry as registry


@registry.getter("crypto.invoice")
async def invoice(dialog_manager: DialogManager, shop_user, shop, **_) -> dict:
    row_id = dialog_manager.dialog_data.get("crypto_invoice")
    found = await crypto.owned(row_id, shop_user.id) if isinstance(row_id, int) else None
    if found is None:
        return {"invoice": None}
    return {"invoice": {
        "order_id": found.order_id, "amount": found.amount, "currency": found.currency,
        "pay_url": found.pay_url, "assets": ", ".join(shop.crypto_assets),
        "status": str(found.status), "expired": crypto.is_expired(found),
        "open": found.status is CryptoInvoiceStatus.ACTIVE and not crypto.is_expired(found),
        "minutes_left": crypto.minutes_left(found)}}
