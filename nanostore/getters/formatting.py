"""Jinja filters every screen can use: `money`, `datetime`, `date`, `status_emoji`.

Plain functions collected in FILTERS, importing neither aiogram nor the database: the screen
checker renders previews with them without loading the bot. `register_filters` gives them to
the shop's registry (or to a catalogue, for checking).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

DEFAULT_CURRENCY = "$"  # ShopSettings' default, for renders outside a running bot
STATUS_EMOJI = {
    "pending": "⏳", "confirmed": "✅", "processing": "⚙️", "delivered": "📦", "cancelled": "❌",
    "refunded": "↩️", "unpaid": "💳", "awaiting_review": "🔎", "paid": "✅", "approved": "✅",
    "rejected": "❌", "open": "🟢", "closed": "🔴",
}
FILTERS: dict[str, Callable[..., str]] = {}


def jinja_filter(name: str) -> Callable[[Callable[..., str]], Callable[..., str]]:
    def collect(function: Callable[..., str]) -> Callable[..., str]:
        FILTERS[name] = function
        return function
    return collect


def register_filters(registry: Any) -> None:
    """Register every filter on a Registry or a Catalogue (anything with `.filter(name)`)."""
    for name, function in FILTERS.items():
        registry.filter(name)(function)


@jinja_filter("money")
def money(minor_units: int | None, symbol: str | None = None) -> str:
    """1250 -> "$12.50" with the shop's currency symbol; negative amounts keep their sign."""
    if minor_units is None:
        return ""
    symbol = _shop_currency() if symbol is None else symbol
    sign = "-" if minor_units < 0 else ""
    whole, cents = divmod(abs(int(minor_units)), 100)
    return f"{sign}{symbol}{whole:,}.{cents:02d}"


@jinja_filter("datetime")
def format_datetime(value: datetime | None) -> str:
    """A moment as "2024-05-01 14:30 UTC"; "—" when there is none."""
    if value is None:
        return "—"
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


@jinja_filter("date")
def format_date(value: datetime | None) -> str:
    """A moment's day as "2024-05-01" (UTC); "—" when there is none."""
    return "—" if value is None else value.astimezone(UTC).strftime("%Y-%m-%d")


@jinja_filter("status_emoji")
def status_emoji(status: str | None) -> str:
    """An order, top-up or ticket status as one emoji (⏳ pending, ✅ paid, …); • if unknown."""
    return STATUS_EMOJI.get(str(status), "•")


def _shop_currency() -> str:
    # The bot's identity middleware sets the shop of each update in getters/shop_context.py.
    # Importing that module loads the settings service and Tortoise, which the checker must not
    # pay for: if nothing imported it, no shop is running and the default symbol is right.
    shop_context = sys.modules.get("nanostore.getters.shop_context")
    return shop_context.current_shop.get().currency if shop_context else DEFAULT_CURRENCY
