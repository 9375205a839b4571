import asyncio
import os
import sys
from pathlib import Path

import pytest

from nanostore.db.models import CartLine, LedgerEntry, Order, OrderLine, Product, User
from nanostore.db.models.enums import DeliveryType, LedgerReason, OrderStatus, PaymentStatus
from nanostore.services import checkout, coupons, delivery_pool, products, settings
from nanostore.services.errors import (
    BelowMinimumOrder,
    CartEmpty,
    InsufficientBalance,
    OutOfStock,
    ProductUnavailable,
)
from tests.fixtures.ledger import assert_balances_match_ledger, in_cart, people, person, product

# Every test ends with balances equal to their ledger rows (tests/services/conftest.py).
pytestmark = pytest.mark.usefixtures("ledger_stays_balanced")


async def test_summary_with_coupon_and_partial_wallet(db):
    await person(1, balance=300)
    await in_cart(1, (await product(price=500), 2))
    await coupons.create("TEN", 10)
    quote = await checkout.summary(1, "ten", use_wallet=200)
    assert (quote.subtotal, quote.discount, quote.wallet_used, quote.amount_due) == (1000, 100, 200, 700)
    assert (await checkout.summary(1, use_wallet=True)).wallet_used == 300
    assert (await checkout.summary(1, use_wallet=5000)).wallet_used == 300  # capped at balance
    assert (await checkout.summary(1)).wallet_used == 0


async def test_wallet_part_is_capped_at_the_total(db):
    await person(1, balance=10_000)
    await in_cart(1, (await product(price=500), 1))
    quote = await checkout.summary(1, use_wallet=True)
    assert (quote.wallet_used, quote.amount_due) == (500, 0)


async def test_minimum_order_and_empty_cart(db):
    await person(1)
    with pytest.raises(CartEmpty):
        await checkout.summary(1)
    await settings.update("min_order", 1000)
    await in_cart(1, (await product(price=999), 1))
    with pytest.raises(BelowMinimumOrder) as error:
        await checkout.summary(1)
    assert error.value.params["minimum"] == 1000
    with pytest.raises(BelowMinimumOrder):
        await checkout.place_order(1, "t")


async def test_place_order_snapshots_lines_takes_stock_and_clears_cart(db):
    await person(1)
    counted = await product("Counted", price=300, stock=5)
    unlimited = await product("Unlimited", price=100)
    await in_cart(1, (counted, 2), (unlimited, 3))
    order = await checkout.place_order(1, "tok")
    assert (order.subtotal, order.amount_due, order.status, order.payment_status) == \
        (900, 900, OrderStatus.PENDING, PaymentStatus.UNPAID)
    lines = await OrderLine.filter(order_id=order.id).order_by("product_name")
    assert [(line.product_name, line.unit_price, line.quantity, line.stock_counted) for line in lines] == \
        [("Counted", 300, 2, True), ("Unlimited", 100, 3, False)]
    assert (await Product.get(id=counted.id)).stock == 3
    assert not await CartLine.exists(user_id=1)
    await products.rename(counted.id, "Renamed")
    assert (await OrderLine.get(id=lines[0].id)).product_name == "Counted"


async def test_wallet_part_is_debited_through_the_ledger(db):
    await person(1, balance=400)
    await in_cart(1, (await product(price=1000), 1))
    order = await checkout.place_order(1, "tok", wallet_amount=400)
    assert (order.wallet_used, order.amount_due) == (400, 600)
    entry = await LedgerEntry.get(user_id=1, reason=LedgerReason.ORDER_PAYMENT)
    assert (entry.amount, entry.reference) == (-400, f"order:{order.id}")
    assert (await User.get(id=1)).balance == 0
    await assert_balances_match_ledger()


async def test_wallet_that_shrank_since_the_summary_is_refused(db):
    await person(1, balance=100)
    await in_cart(1, (await product(price=1000), 1))
    with pytest.raises(InsufficientBalance):
        await checkout.place_order(1, "tok", wallet_amount=400)
    assert await Order.all().count() == 0 and await CartLine.exists(user_id=1)


async def test_fully_wallet_paid_order_is_paid_and_delivered_at_once(db):
    await person(1, balance=2000)
    key = await product(price=1000, stock=0, delivery_type=DeliveryType.AUTO)
    await delivery_pool.add_items_from_text(key.id, "KEY-1")
    await in_cart(1, (key, 1))
    order = await checkout.place_order(1, "tok", wallet_amount=True)
    assert (order.payment_status, order.status, order.amount_due) == \
        (PaymentStatus.PAID, OrderStatus.DELIVERED, 0)
    assert (await User.get(id=1)).balance == 1000
    await assert_balances_match_ledger()


async def test_out_of_stock_names_the_product_and_rolls_back_everything(db):
    await person(1, balance=5000)
    plenty, scarce = await product("Plenty", stock=10), await product("Scarce", stock=2)
    await in_cart(1, (plenty, 1), (scarce, 2))
    await products.set_stock(scarce.id, 1)
    with pytest.raises(OutOfStock) as error:
        await checkout.place_order(1, "tok", wallet_amount=1000)
    assert error.value.params["product"] == "Scarce" and error.value.params["available"] == 1
    assert (await Product.get(id=plenty.id)).stock == 10
    assert (await User.get(id=1)).balance == 5000
    assert await Order.all().count() == 0 and await CartLine.filter(user_id=1).count() == 2
    await assert_balances_match_ledger()


async def test_hidden_product_in_cart_is_refused(db):
    await person(1)
    key = await product()
    await in_cart(1, (key, 1))
    await products.toggle(key.id)
    with pytest.raises(ProductUnavailable):
        await checkout.place_order(1, "tok")


async def test_two_hundred_buyers_for_ten_units_make_exactly_ten_orders(db):
    buyers = await people(200)
    key = await product(price=100, stock=10)
    for buyer in buyers:
        await in_cart(buyer, (key, 1))

    async def buy(buyer):
        try:
            await checkout.place_order(buyer, f"t{buyer}")
            return True
        except OutOfStock:
            return False

    results = await asyncio.gather(*(buy(buyer) for buyer in buyers))
    assert sum(results) == 10
    assert await Order.all().count() == 10
    assert (await Product.get(id=key.id)).stock == 0


async def test_unlimited_stock_is_always_buyable(db):
    buyers = await people(50)
    key = await product(price=100)
    for buyer in buyers:
        await in_cart(buyer, (key, 3))
    await asyncio.gather(*(checkout.place_order(buyer, f"t{buyer}") for buyer in buyers))
    assert await Order.all().count() == 50
    assert (await Product.get(id=key.id)).stock == 0  # untouched, not negative


async def test_twenty_taps_with_one_checkout_token_make_one_order(db):
    await person(1, balance=10_000)
    key = await product(price=100, stock=50)
    await in_cart(1, (key, 2))
    placed = await asyncio.gather(*(checkout.place_order(1, "same-token", wallet_amount=50)
                                    for _ in range(20)), return_exceptions=True)
    assert all(isinstance(order, Order) for order in placed), placed
    assert {order.id for order in placed} == {placed[0].id}
    assert await Order.all().count() == 1
    assert (await Product.get(id=key.id)).stock == 48
    assert (await User.get(id=1)).balance == 9950
    await assert_balances_match_ledger()


async def test_a_second_tap_after_the_first_returns_the_same_order(db):
    await person(1)
    await in_cart(1, (await product(), 1))
    first = await checkout.place_order(1, "tok")
    again = await checkout.place_order(1, "tok")  # cart is empty now, yet it is the same order
    assert again.id == first.id


async def test_two_processes_on_one_database_sell_exactly_the_stock(db):
    # SQLite's one-connection lock only serialises one process; across processes the guard is
    # the conditional UPDATE plus BEGIN IMMEDIATE. Runs on PostgreSQL too when it is the target.
    buyers = await people(60)
    key = await product(price=100, stock=10)
    for buyer in buyers:
        await in_cart(buyer, (key, 1))
    root = Path(__file__).resolve().parents[2]
    worker = Path(__file__).with_name("checkout_worker.py")
    env = {**os.environ, "PYTHONPATH": str(root)}
    halves = [buyers[0::2], buyers[1::2]]
    processes = [await asyncio.create_subprocess_exec(
        sys.executable, str(worker), db, *map(str, half), env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE) for half in halves]
    outputs = [await process.communicate() for process in processes]
    assert all(process.returncode == 0 for process in processes), outputs
    placed = [int(out.decode().strip()) for out, _ in outputs]
    assert sum(placed) == 10
    assert await Order.all().count() == 10
    assert (await Product.get(id=key.id)).stock == 0
