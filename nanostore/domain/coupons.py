"""Coupon rules: the discount, when a coupon is expired or used up, and how long one may run."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nanostore.db.models import Coupon

MAX_EXPIRY_DAYS = 3650
# Typed instead of a number of days when a coupon should never expire.
NO_EXPIRY_WORDS = frozenset({"none", "no", "never", "-", "0", "нет", "никогда"})


def discount_for(subtotal: int, percent: int) -> int:
    """Rounded down: the shop never gives away a fraction of a minor unit."""
    return subtotal * percent // 100


def is_expired(coupon: Coupon, now: datetime) -> bool:
    return coupon.expires_at is not None and coupon.expires_at <= now


def is_used_up(coupon: Coupon) -> bool:
    return bool(coupon.max_uses) and coupon.used_count >= coupon.max_uses


def expiry_allowed(expires_at: datetime | None, now: datetime) -> bool:
    """No expiry, or a moment after now and at most MAX_EXPIRY_DAYS ahead."""
    return expires_at is None or now < expires_at <= now + timedelta(days=MAX_EXPIRY_DAYS)


def expiry_from_text(text: str | None, now: datetime) -> datetime | None:
    """What an admin typed: a number of days from now, or a word for "never" (None).
    Raises ValueError for anything else or a number outside 1..MAX_EXPIRY_DAYS."""
    cleaned = (text or "").strip().lower()
    if cleaned in NO_EXPIRY_WORDS:
        return None
    days = int(cleaned)
    if not 1 <= days <= MAX_EXPIRY_DAYS:
        raise ValueError(f"{days} days is outside 1..{MAX_EXPIRY_DAYS}")
    return now + timedelta(days=days)
