"""Topping up the wallet with Telegram Stars (when the admin enables it).

The payload carries the amount in minor units (`topup:<amount>`); the Stars price follows the
shop's conversion, checked again at pre-checkout so a changed rate cannot be paid at the old one.
"""

from __future__ import annotations

from nanostore.db.models import WalletTopUp

from . import settings, wallet
from .errors import AlreadyExists, AmountOutOfRange, PaymentMismatch, StarsUnavailable, TopUpDisabled
from .stars import CURRENCY, Invoice

PAYLOAD_PREFIX = "topup:"


def amount_from(payload: str) -> int | None:
    if not payload or not payload.startswith(PAYLOAD_PREFIX):
        return None
    number = payload.removeprefix(PAYLOAD_PREFIX)
    return int(number) if number.isdigit() else None


async def stars_for(amount: int) -> int:
    shop = await settings.load()
    if not shop.topup_stars_enabled or not shop.stars_per_unit:
        raise StarsUnavailable(topup=amount)
    return max(1, -(-amount * shop.stars_per_unit // 100))


async def invoice(amount: int) -> Invoice:
    shop = await settings.load()
    if not shop.topup_enabled:
        raise TopUpDisabled()
    if not shop.topup_min <= amount <= shop.topup_max:
        raise AmountOutOfRange(minimum=shop.topup_min, maximum=shop.topup_max)
    return Invoice(payload=f"{PAYLOAD_PREFIX}{amount}", amount=await stars_for(amount),
                   title=f"+{amount}")


async def validate_pre_checkout(payload: str, total_amount: int, currency: str) -> str | None:
    amount = amount_from(payload)
    if amount is None:
        return PaymentMismatch.code
    try:
        expected = (await invoice(amount)).amount
    except (StarsUnavailable, TopUpDisabled, AmountOutOfRange) as error:
        return error.code
    if currency != CURRENCY or total_amount != expected:
        return PaymentMismatch.code
    return None


async def apply_payment(charge_id: str, payload: str, user_id: int, stars_amount: int) -> WalletTopUp | None:
    """Credit once per charge; None when this charge was already applied (a replayed update)."""
    amount = amount_from(payload)
    if amount is None:
        raise PaymentMismatch(payload=payload)
    try:
        return await wallet.credit_stars_topup(user_id, amount, charge_id, stars_amount)
    except AlreadyExists:
        return None
