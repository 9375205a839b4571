"""Telegram's smallest units per currency, for card invoices.

The shop keeps every amount in hundredths of its currency (`money` prints 1250 as 12.50);
Telegram wants the currency's own smallest unit, whose number of decimals (`exp` in Telegram's
currencies.json) is 2 for most currencies but 0 for some: 1250 hundredths of a yen is 13 yen,
not 1250. Only the exponents known for certain are listed; every other currency has 2.
"""

from __future__ import annotations

SHOP_DECIMALS = 2  # the shop's minor units: hundredths, whatever the currency
DEFAULT_EXP = 2

# Currencies without a fractional unit in Telegram's currencies.json (ISO 4217 agrees).
EXPONENTS: dict[str, int] = {"JPY": 0, "KRW": 0, "VND": 0}


def exponent(currency: str) -> int:
    """Digits after the decimal point Telegram expects for this ISO 4217 code."""
    return EXPONENTS.get(currency.upper(), DEFAULT_EXP)


def to_telegram_amount(amount: int, currency: str) -> int:
    """The shop's hundredths as Telegram's smallest units, rounded up: the shop is never paid
    less than the price it showed (12.50 JPY is invoiced as 13)."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    shift = exponent(currency) - SHOP_DECIMALS
    if shift >= 0:
        return amount * 10**shift
    return -(-amount // 10**-shift)


def describe(amount: int, currency: str) -> str:
    """A charge as people read it, in Telegram's units: (1250, "USD") -> "12.50 USD"."""
    exp = exponent(currency)
    if exp == 0:
        return f"{amount:,} {currency}"
    whole, fraction = divmod(amount, 10**exp)
    return f"{whole:,}.{fraction:0{exp}d} {currency}"
