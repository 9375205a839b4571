"""Telegram's smallest units per currency (domain/currencies): the shop's hundredths become
cents for most currencies and whole units, rounded up, for the zero-decimal ones."""

from __future__ import annotations

import pytest

from nanostore.domain.currencies import describe, exponent, to_telegram_amount


def test_most_currencies_have_two_decimals_and_some_none():
    assert (exponent("USD"), exponent("EUR"), exponent("RUB"), exponent("XYZ")) == (2, 2, 2, 2)
    assert (exponent("JPY"), exponent("krw"), exponent("VND")) == (0, 0, 0)


@pytest.mark.parametrize(("amount", "currency", "expected"), [
    (1250, "USD", 1250), (1, "EUR", 1), (0, "USD", 0),
    (1200, "JPY", 12), (1250, "JPY", 13), (1201, "KRW", 13), (100_000_00, "VND", 100_000),
])
def test_the_shops_hundredths_as_telegram_amounts(amount, currency, expected):
    assert to_telegram_amount(amount, currency) == expected


def test_a_negative_amount_is_a_mistake():
    with pytest.raises(ValueError):
        to_telegram_amount(-1, "USD")


def test_charges_read_as_people_write_them():
    assert describe(1250, "USD") == "12.50 USD"
    assert describe(123456, "EUR") == "1,234.56 EUR"
    assert describe(1300, "JPY") == "1,300 JPY"
