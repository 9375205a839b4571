"""Jinja filters every screen can use: `money`, `datetime`, `date`, `status_emoji`."""

from __future__ import annotations

from datetime import datetime, timezone

from nanostore.ui import default_registry as registry

from .shop_context import current_shop

STATUS_EMOJI = {
    "pending": "⏳", "confirmed": "✅", "processing": "⚙️", "delivered": "📦", "cancelled": "❌",
    "refunded": "↩️", "unpaid": "💳", "awaiting_review": "🔎", "paid": "✅", "approved": "✅",
    "rejected": "❌", "open": "🟢", "closed": "🔴",
}


@registry.filter("money")
def money(minor_units: int | None, symbol: str | None = None) -> str:
    """1250 -> "$12.50" with the shop's currency symbol; negative amounts keep their sign."""
    if minor_units is None:
        return ""
    symbol = current_shop.get().currency if symbol is None else symbol
    sign = "-" if minor_units < 0 else ""
    whole, cents = divmod(abs(int(minor_units)), 100)
    return f"{sign}{symbol}{whole:,}.{cents:02d}"


@registry.filter("datetime")
def format_datetime(value: datetime | None) -> str:
    if value is None:
        return "—"
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


@registry.filter("date")
def format_date(value: datetime | None) -> str:
    return "—" if value is None else value.astimezone(timezone.utc).strftime("%Y-%m-%d")


@registry.filter("status_emoji")
def status_emoji(status: str | None) -> str:
    return STATUS_EMOJI.get(str(status), "•")
