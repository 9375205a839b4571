"""The shop on two webhook processes sharing PostgreSQL and Redis behaves as one process: no
oversell, one order per checkout whatever the taps, every paid order delivered once, and a
broadcast reaches each recipient once although both instances run a broadcaster."""

from __future__ import annotations

import asyncio
from collections import Counter

from tortoise import Tortoise

from nanostore.db.connection import tortoise_config
from nanostore.db.models import DeliveryItem, LedgerEntry, Order, Product, User
from nanostore.db.models.enums import DeliveryType, LedgerReason, PaymentStatus
from nanostore.services import broadcast, cart, categories, delivery_pool, ledger, products
from tests.scaleout.instances import bot_instances
from tests.fixtures.staff import person as staff_person

BUYERS = 6
STOCK = 3


async def seed(buyers: list) -> int:
    games = await categories.create("Games", emoji="🎮")
    key = await products.create(games.id, "Last keys", 1000, stock=0, delivery_type=DeliveryType.AUTO)
    await delivery_pool.add_items_from_text(key.id, "\n".join(f"KEY-{n}" for n in range(STOCK)))
    for person in buyers:
        await ledger.credit(person.id, 5000, LedgerReason.TOPUP, "test")
        await cart.add(person.id, key.id, 1)
    return key.id


async def reach_confirm(person):
    await person.tap("🛒 Cart")
    await person.tap("✅ Checkout")
    await person.tap("💰 Use all balance")
    return person.screen.message


async def confirm_twice(person, confirm) -> None:
    await asyncio.gather(person.tap("✅ Confirm order", message=confirm),
                         person.tap("✅ Confirm order", message=confirm))  # a double tap


async def eventually(check, what: str) -> None:
    for _ in range(600):  # a safety net, not a timing assertion
        if await check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"never happened: {what}")


async def test_checkout_payment_and_broadcast_across_two_instances(pooled_emulator, scaleout_urls, tmp_path):
    database_url, redis_url = scaleout_urls
    async with bot_instances(pooled_emulator, tmp_path, 2, database_url=database_url, redis_url=redis_url):
        await Tortoise.init(config=tortoise_config(database_url))
        try:
            buyers = [pooled_emulator.person(2000 + n, f"Buyer {n}") for n in range(BUYERS)]
            for person in buyers:
                await person.command("start")
                await person.tap("🛍 Open the shop")
            product_id = await seed(buyers)
            # Everyone reaches Confirm while the 3 keys are still there, then all confirm at once.
            screens = [await reach_confirm(person) for person in buyers]
            await asyncio.gather(*(confirm_twice(person, screen) for person, screen in zip(buyers, screens)))

            orders = await Order.all()
            assert len(orders) <= BUYERS and all(Counter(o.user_id for o in orders)[p.id] <= 1 for p in buyers)
            paid = [order for order in orders if order.payment_status == PaymentStatus.PAID]
            assert len(paid) == STOCK
            assert (await Product.get(id=product_id)).stock == 0
            claimed = await DeliveryItem.exclude(order_line_id=None).count()
            assert claimed == STOCK
            for person in buyers:
                user = await User.get(id=person.id)
                spent = sum(await LedgerEntry.filter(user_id=person.id).values_list("amount", flat=True))
                assert user.balance == spent
            await eventually(lambda: _keys_received(buyers), "every key reached its buyer")

            losers = [person for person in buyers if person.id not in {order.user_id for order in paid}]
            assert all("left in stock" in (person.screen.text or "") for person in losers)

            await broadcast.create_and_queue(staff_person(owner=True, user_id=9000), "Big sale today!")
            await eventually(lambda: _broadcast_done(buyers), "the broadcast reached everyone")
            per_chat = Counter(int(call.params["chat_id"]) for call in pooled_emulator.calls_of("sendMessage")
                               if "Big sale today!" in str(call.params.get("text", "")))
            assert all(per_chat[person.id] == 1 for person in buyers)
        finally:
            await Tortoise.close_connections()


async def _keys_received(buyers) -> bool:
    texts = [message.text or "" for person in buyers for message in person.messages]
    return sum(any(f"KEY-{n}" in text for text in texts) for n in range(STOCK)) == STOCK


async def _broadcast_done(buyers) -> bool:
    return all(any("Big sale today!" in (m.text or "") for m in person.messages) for person in buyers)
