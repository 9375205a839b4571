"""Back-in-stock alerts without Telegram: asking twice is one request, every way a product can
be bought again tells each waiting customer once, and nothing is told while it cannot."""

import asyncio

import pytest

from nanostore.db.models import OutboxMessage, StockAlert, User
from nanostore.services import (
    cart,
    catalog_import,
    categories,
    checkout,
    delivery_pool,
    order_cancel,
    products,
    stock_alerts,
)
from nanostore.services.errors import InStockNow, ProductUnavailable
from nanostore.services.products import StockChoice
from tests.fixtures.catalog import a_product

ANN, BOB = 10, 20


@pytest.fixture
async def people(db):
    await User.create(id=ANN, first_name="Ann")
    await User.create(id=BOB, first_name="Bob")


async def told() -> list[tuple[int, str]]:
    rows = await OutboxMessage.filter(kind=stock_alerts.KIND).order_by("id")
    return [(row.chat_id, row.payload["product_name"]) for row in rows]


async def test_double_tap_is_one_request_and_racing_restocks_tell_once(people):
    product = await a_product("Rare key", stock=0)
    added = await asyncio.gather(*(stock_alerts.subscribe(ANN, product.id) for _ in range(3)))
    assert sorted(added) == [False, False, True]
    await stock_alerts.subscribe(BOB, product.id)
    await products.set_stock(product.id, 3)
    await asyncio.gather(*(stock_alerts.tell_the_waiting(product.id) for _ in range(3)))
    assert sorted(await told()) == [(ANN, "Rare key"), (BOB, "Rare key")]
    assert await StockAlert.all().count() == 0


@pytest.mark.one_backend
async def test_restock_tells_the_waiting_and_a_later_restock_tells_nobody_again(people):
    product = await a_product("Rare key", stock=0)
    assert await stock_alerts.subscribe(ANN, product.id)
    assert await stock_alerts.is_waiting(ANN, product.id)
    await products.set_stock(product.id, 0)  # still nothing to buy
    assert await told() == []
    await products.set_stock(product.id, 2)
    assert await told() == [(ANN, "Rare key")]
    assert not await stock_alerts.is_waiting(ANN, product.id)
    await products.set_stock(product.id, 5)
    assert await told() == [(ANN, "Rare key")]


@pytest.mark.one_backend
async def test_keys_added_and_stock_given_back_tell_the_waiting(people):
    keyed = await a_product("Keyed", stock=0)
    await stock_alerts.subscribe(ANN, keyed.id)
    await delivery_pool.add_items_from_text(keyed.id, "K-1\nK-2")
    assert await told() == [(ANN, "Keyed")]
    last = await a_product("Last one", stock=1)
    await cart.add(BOB, last.id, 1)
    order = await checkout.place_order(BOB, "hold")  # takes the only unit
    await stock_alerts.subscribe(ANN, last.id)
    await order_cancel.cancel(order.id, user_id=BOB)  # gives it back
    assert await told() == [(ANN, "Keyed"), (ANN, "Last one")]
    bulk = await a_product("Bulk", stock=0)
    await stock_alerts.subscribe(BOB, bulk.id)
    await catalog_import.bulk_stock_update([(bulk.id, 7)])  # Catalog data → stock lines
    assert (await told())[2:] == [(BOB, "Bulk")]


@pytest.mark.one_backend
async def test_shown_again_tells_the_waiting_only_when_it_can_be_bought(people):
    product = await a_product("Hidden key", stock=0)
    await stock_alerts.subscribe(ANN, product.id)
    await products.toggle(product.id)  # hidden
    await products.set_stock(product.id, 4)  # stock while hidden: nobody can buy it yet
    assert await told() == []
    await products.toggle(product.id)  # shown again
    assert await told() == [(ANN, "Hidden key")]
    other = await a_product("In a hidden category", stock=0)
    await stock_alerts.subscribe(BOB, other.id)
    await categories.toggle(other.category_id)
    await products.set_stock_mode(other.id, StockChoice.UNLIMITED)
    assert len(await told()) == 1
    await categories.toggle(other.category_id)
    assert (await told())[1:] == [(BOB, "In a hidden category")]


@pytest.mark.one_backend
async def test_cancel_and_the_refusals(people):
    product = await a_product("Rare key", stock=0)
    await stock_alerts.subscribe(ANN, product.id)
    assert await stock_alerts.cancel(ANN, product.id)
    assert not await stock_alerts.cancel(ANN, product.id)
    await products.set_stock(product.id, 1)
    assert await told() == []
    with pytest.raises(InStockNow):  # it can be bought: nothing to wait for
        await stock_alerts.subscribe(ANN, product.id)
    await products.toggle(product.id)
    with pytest.raises(ProductUnavailable):
        await stock_alerts.subscribe(ANN, product.id)
    assert await StockAlert.all().count() == 0
