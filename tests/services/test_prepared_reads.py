"""Reads whose SQL is built once (nanostore/db/prepared.py) answer as the QuerySets they stand
for: each call binds its own values, joined models come back joined, and a read inside a
transaction runs on the transaction's connection (on PostgreSQL another connection would not
see the uncommitted row)."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from nanostore.db.models import CartLine, User
from nanostore.db.prepared import Prepared
from nanostore.services import cart, categories, products, users

BY_ID = Prepared(User, lambda user_id: User.filter(id=user_id).limit(1))
LINES = Prepared(CartLine, lambda user_id: CartLine.filter(user_id=user_id)
                 .select_related("product", "product__category").order_by("id"))


async def test_each_call_binds_its_own_values(db):
    await users.register_or_touch(id=5, first_name="Ann")
    await users.register_or_touch(id=6, first_name="Bob")
    assert (await BY_ID.first(5)).first_name == "Ann"
    assert (await BY_ID.first(6)).first_name == "Bob"
    assert await BY_ID.first(7) is None


async def test_a_read_inside_a_transaction_sees_its_writes(db):
    await users.register_or_touch(id=5, first_name="Ann")
    async with in_transaction():
        await User.filter(id=5).update(first_name="Changed")
        assert (await BY_ID.first(5)).first_name == "Changed"


async def test_joined_models_come_back_joined(db):
    await users.register_or_touch(id=5, first_name="Ann")
    games = await categories.create("Games")
    key = await products.create(games.id, "Game key", 999)
    await cart.add(5, key.id, 2)
    [line] = await LINES.all(5)
    assert (line.quantity, line.product.name, line.product.category.name) == (2, "Game key", "Games")
