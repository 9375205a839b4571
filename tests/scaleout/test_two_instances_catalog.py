"""What an admin changes on one instance, a customer on another sees on their next screen:
no instance may keep serving a catalog it read before the change (issue 19: per-process
caches must be invalidated on every instance)."""

from __future__ import annotations

from tortoise import Tortoise

from nanostore.db.connection import tortoise_config
from nanostore.db.models import Product
from nanostore.emulator import Emulator
from nanostore.services import categories, products
from tests.fixtures.admin import open_panel
from tests.fixtures.admin_catalog import labels
from tests.scaleout.instances import bot_instances

ADMIN = 9000  # even: by_chat sends this chat's updates to the first instance
CUSTOMER = 2001  # odd: to the second


async def test_a_price_edited_on_one_instance_shows_on_the_other(scaleout_urls, tmp_path):
    database_url, redis_url = scaleout_urls
    async with (Emulator(webhook_strategy="by_chat") as emulator,
                bot_instances(emulator, tmp_path, 2, database_url=database_url, redis_url=redis_url,
                              admin_ids=str(ADMIN))):
        await Tortoise.init(config=tortoise_config(database_url))
        try:
            games = await categories.create("Games", emoji="🎮")
            await products.create(games.id, "Game key", 999)
            handled_by = _record_routing(emulator)

            customer = emulator.person(CUSTOMER, "Ann")
            await customer.command("start")
            for label in ("🛍 Open the shop", "🛍 Shop", "🎮 Games", "Game key · $9.99"):
                await customer.tap(next(text for text in labels(customer) if text.startswith(label)))
            assert "$9.99" in customer.screen.text

            admin = await open_panel(None, emulator.person(ADMIN, "Admin"))
            await admin.tap("🗂 Catalog")
            await admin.tap(next(label for label in labels(admin) if "Games" in label))
            await admin.tap(next(label for label in labels(admin) if label.startswith("📦 Products")))
            await admin.tap(next(label for label in labels(admin) if "Game key" in label))
            await admin.tap("💰 Price")
            await admin.send("12.50")
            assert (await Product.get(name="Game key")).price == 1250

            # The customer's next screens, served by the other instance, show the new price.
            await customer.tap("🛒 Add to cart")
            assert "$12.50" in customer.screen.text, customer.screen.text
            await customer.tap("⬅️ Back")
            assert "Game key · $12.50" in labels(customer), labels(customer)
            assert len(handled_by[ADMIN]) == len(handled_by[CUSTOMER]) == 1
            assert handled_by[ADMIN] != handled_by[CUSTOMER]
        finally:
            await Tortoise.close_connections()


def _record_routing(emulator) -> dict[int, set[str]]:
    """Which instance (webhook URL) each chat's updates went to."""
    handled_by: dict[int, set[str]] = {}
    pick = emulator.webhook._pick

    def recording(update):
        target = pick(update)
        handled_by.setdefault(update.chat_id, set()).add(target.url)
        return target

    emulator.webhook._pick = recording
    return handled_by
