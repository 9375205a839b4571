import pytest

from nanostore.db.models import CartLine
from nanostore.services import cart, categories, products
from nanostore.services.errors import InvalidInput, NotFound, OutOfStock, ProductUnavailable
from tests.fixtures.ledger import in_cart, person, product


async def test_add_twice_sums_quantities(db):
    await person(1)
    key = await product(price=250)
    assert await cart.add(1, key.id) == 1
    assert await cart.add(1, key.id, 2) == 3
    assert await CartLine.filter(user_id=1).count() == 1


async def test_counted_product_never_exceeds_stock(db):
    await person(1)
    key = await product(stock=3)
    await cart.add(1, key.id, 2)
    with pytest.raises(OutOfStock) as error:
        await cart.add(1, key.id, 2)
    assert error.value.params["available"] == 3
    assert (await CartLine.get(user_id=1)).quantity == 2


async def test_unlimited_product_has_no_ceiling_but_sold_out_has(db):
    await person(1)
    unlimited, sold_out = await product(), await product("Gone", stock=0)
    assert await cart.add(1, unlimited.id, 500) == 500
    with pytest.raises(OutOfStock):
        await cart.add(1, sold_out.id)


async def test_hidden_product_or_category_is_refused(db):
    await person(1)
    key = await product()
    await products.toggle(key.id)
    with pytest.raises(ProductUnavailable):
        await cart.add(1, key.id)
    await products.toggle(key.id)
    await categories.toggle(key.category_id)
    with pytest.raises(ProductUnavailable):
        await cart.add(1, key.id)


async def test_zero_or_negative_quantity_is_refused(db):
    await person(1)
    key = await product()
    with pytest.raises(InvalidInput):
        await cart.add(1, key.id, 0)


async def test_increment_decrement_remove_and_clear(db):
    await person(1)
    a, b = await product("A"), await product("B")
    await cart.increment(1, a.id)
    assert await cart.increment(1, a.id) == 2
    assert await cart.decrement(1, a.id) == 1
    assert await cart.decrement(1, a.id) == 0
    assert not await CartLine.exists(user_id=1, product_id=a.id)
    with pytest.raises(NotFound):
        await cart.decrement(1, a.id)
    await in_cart(1, (a, 1), (b, 2))
    await cart.remove(1, a.id)
    assert await cart.count(1) == 2
    await cart.clear(1)
    assert await cart.count(1) == 0


async def test_view_lists_lines_and_subtotal_in_at_most_two_queries(db, monkeypatch):
    from tortoise import connections

    await person(1)
    a, b = await product("A", price=150), await product("B", price=1000)
    await in_cart(1, (a, 2), (b, 1))
    sent = []
    client_class = type(connections.get("default"))
    for name in ("execute_query", "execute_query_dict"):
        original = getattr(client_class, name)

        def counting(self, query, *args, _original=original, **kwargs):
            sent.append(query)
            return _original(self, query, *args, **kwargs)

        monkeypatch.setattr(client_class, name, counting)
    view = await cart.view(1)
    assert len(sent) <= 2
    assert [(line.name, line.unit_price, line.quantity, line.line_total) for line in view.lines] == \
        [("A", 150, 2, 300), ("B", 1000, 1, 1000)]
    assert view.subtotal == 1300 and view.count == 3


async def test_view_marks_hidden_products_and_leaves_them_out_of_the_subtotal(db):
    await person(1)
    a, b = await product("A", price=100), await product("B", price=1000)
    await in_cart(1, (a, 1), (b, 1))
    await products.toggle(b.id)
    view = await cart.view(1)
    assert [line.available for line in view.lines] == [True, False]
    assert view.subtotal == 100


async def test_carts_are_per_person(db):
    await person(1), await person(2)
    key = await product()
    await cart.add(1, key.id, 2)
    assert (await cart.view(2)).is_empty
