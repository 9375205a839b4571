"""Wallet windows: balance, top-up amount and method, and the history of movements."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.domain.wallet import topup_bonus
from nanostore.services import cards, crypto, payment_methods, stars_topup, wallet
from nanostore.services.errors import DomainError, NotFound
from nanostore.ui import default_registry as registry


def _topup_terms(shop) -> dict:
    return {"topup_enabled": shop.topup_enabled, "topup_min": shop.topup_min,
            "topup_max": shop.topup_max, "bonus_percent": shop.topup_bonus_percent}


@registry.getter("wallet.overview")
async def overview(dialog_manager: DialogManager, shop_user, shop, **_) -> dict:
    return {"balance": shop_user.balance, **_topup_terms(shop)}


@registry.getter("wallet.presets")
async def presets(dialog_manager: DialogManager, shop, **_) -> dict:
    usable = [amount for amount in shop.topup_presets
              if shop.topup_min <= amount <= shop.topup_max]
    return {"presets": [{"id": amount} for amount in usable], **_topup_terms(shop)}


async def _stars_for(amount) -> int | None:
    try:
        return await stars_topup.stars_for(amount) if isinstance(amount, int) else None
    except DomainError:
        return None


@registry.getter("wallet.methods")
async def methods(dialog_manager: DialogManager, shop, settings, **_) -> dict:
    amount = dialog_manager.dialog_data.get("amount")
    active = await payment_methods.list_active()
    return {"amount": amount, "bonus": topup_bonus(amount or 0, shop.topup_bonus_percent),
            "methods": [{"id": m.id, "name": m.name, "emoji": m.emoji} for m in active],
            "stars_amount": await _stars_for(amount),
            "card_offered": cards.offered(shop, settings.provider_token() is not None),
            "crypto_offered": crypto.offered(shop, settings.crypto_token() is not None),
            **_topup_terms(shop)}


@registry.getter("wallet.method")
async def method(dialog_manager: DialogManager, **_) -> dict:
    method_id = dialog_manager.dialog_data.get("method_id")
    try:
        chosen = await payment_methods.get(method_id) if isinstance(method_id, int) else None
    except NotFound:
        chosen = None
    return {"amount": dialog_manager.dialog_data.get("amount"),
            "method": {"name": chosen.name, "emoji": chosen.emoji, "details": chosen.details}
            if chosen and chosen.is_active else None}


@registry.getter("wallet.ledger")
async def ledger(dialog_manager: DialogManager, shop_user, page_size: int = 10, **_) -> dict:
    # A text list with its own ‹ › buttons (the page lives in dialog_data): rows are not buttons.
    page = dialog_manager.dialog_data.get("history_page", 0)
    found = await wallet.history(shop_user.id, page, page_size)
    return {"entries": [{"amount": e.amount, "balance_after": e.balance_after,
                         "reason": str(e.reason), "created_at": e.created_at}
                        for e in found.items],
            "pages": found.pages, "page": found.page, "total": found.total}


@registry.getter("wallet.topups")
async def topups(dialog_manager: DialogManager, shop_user, page_size: int = 10, **_) -> dict:
    page = dialog_manager.dialog_data.get("history_page", 0)
    found = await wallet.list_topups(shop_user.id, page, page_size)
    return {"topups": [{"id": t.id, "amount": t.amount, "bonus": t.bonus, "status": str(t.status),
                        "via_stars": t.via_stars, "created_at": t.created_at}
                       for t in found.items],
            "pages": found.pages, "page": found.page, "total": found.total}


@registry.condition("wallet.has_balance")
def has_balance(data: dict, dialog_manager) -> bool:
    """Is there money on the person's wallet balance?"""
    # The window's `balance` (menu.profile, wallet.overview, checkout.summary) is read this
    # update; the middleware's row is the fallback for windows without it.
    if "balance" in data:
        return (data["balance"] or 0) > 0
    shop_user = dialog_manager.middleware_data.get("shop_user")
    return shop_user is not None and shop_user.balance > 0
