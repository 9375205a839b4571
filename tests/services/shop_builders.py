"""Builders for the shop-flow tests: people, a category, products, a filled cart."""

from __future__ import annotations

import pytest

from nanostore.db.models import LedgerEntry, Product, User
from nanostore.db.models.enums import DeliveryType, LedgerReason
from nanostore.services import cart, categories, ledger, products


async def person(user_id: int, balance: int = 0) -> User:
    user = await User.create(id=user_id, first_name=f"User {user_id}")
    if balance:
        await ledger.credit(user_id, balance, LedgerReason.TOPUP, "test")
    return user


async def people(count: int, first_id: int = 1000) -> list[int]:
    await User.bulk_create([User(id=first_id + n, first_name="Buyer") for n in range(count)])
    return list(range(first_id, first_id + count))


async def product(name: str = "Game key", price: int = 1000, stock: int | None = None,
                  delivery_type: DeliveryType = DeliveryType.MANUAL, category_id: int | None = None,
                  **extra) -> Product:
    if category_id is None:
        category_id = (await categories.create("Games")).id
    return await products.create(category_id, name, price, stock=stock,
                                 delivery_type=delivery_type, **extra)


async def in_cart(user_id: int, *lines: tuple[Product, int]) -> None:
    for item, quantity in lines:
        await cart.add(user_id, item.id, quantity)


async def ledger_sum(user_id: int) -> int:
    return sum(await LedgerEntry.filter(user_id=user_id).values_list("amount", flat=True))


async def assert_balances_match_ledger() -> None:
    for user in await User.all():
        assert user.balance == await ledger_sum(user.id), f"user {user.id}"


@pytest.fixture(autouse=True)
async def ledger_stays_balanced(db):
    """Autouse in every module that imports it (the money tests): each test ends with balances
    equal to the sum of their ledger rows, whatever it did."""
    yield
    await assert_balances_match_ledger()
