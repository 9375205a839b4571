"""Admin dialogs opened for one row (a category's products; a product's FAQs, delivery items and
media) started with junk start data, as a stale or forged start would: no id, a wrong type, an
id out of range, a row deleted meanwhile. Each shows a short "no longer exists" screen with a
way back, logs no error and pages nobody; admin_catalog_data, which needs no start data, shows
its menu whatever it is given. Found by the seeded fuzz (test_fuzz), which raised KeyError."""

from __future__ import annotations

import pytest

from nanostore.db.models import OutboxMessage
from nanostore.services import categories, products
from tests.fixtures.checks import describe
from tests.fixtures.people import open_dialog

JUNK = (None, {}, "junk", [1, 2], 7, {"x": 1}, {"category_id": None, "product_id": None},
        {"category_id": "abc", "product_id": "abc"}, {"category_id": True, "product_id": True},
        {"category_id": -1, "product_id": -1}, {"category_id": 10**30, "product_id": 10**30},
        {"category_id": [1], "product_id": {"id": 1}})
GONE = {"admin_products": "This category no longer exists.",
        "admin_product_faqs": "This product no longer exists.",
        "admin_product_items": "This product no longer exists.",
        "admin_product_media": "This product no longer exists."}


async def started(shop, dialog: str, data) -> str:
    admin = shop.admin
    await open_dialog(shop, admin, dialog, data)
    return admin.screen.text


def assert_calm(shop, errors_logged) -> None:
    assert not errors_logged(), describe(errors_logged())
    assert shop.emulator.server.crashes == 0


@pytest.mark.parametrize("dialog", sorted(GONE))
async def test_junk_start_data_shows_a_gone_screen(shop, errors_logged, dialog):
    await shop.admin.command("start")
    deleted = await products.create((await categories.create("Old")).id, "Old key", 100)
    await products.delete(deleted.id)
    for data in (*JUNK, {"category_id": deleted.category_id + 1, "product_id": deleted.id}):
        text = await started(shop, dialog, data)
        assert GONE[dialog] in text, (data, text)
        assert {"⬅️ Back", "🏠 Home"} <= set(shop.admin.screen.labels), data
        assert_calm(shop, errors_logged)
    await shop.admin.tap("🏠 Home")
    assert "Admin Panel" in " ".join(shop.admin.screen.labels)
    assert not await OutboxMessage.exists(kind="critical_error")
    assert_calm(shop, errors_logged)


@pytest.mark.parametrize("dialog", sorted(GONE))
async def test_good_start_data_still_opens_the_dialog(shop, errors_logged, dialog):
    await shop.admin.command("start")
    category = await categories.create("Games")
    product = await products.create(category.id, "Steam key", 100)
    text = await started(shop, dialog, {"category_id": category.id, "product_id": product.id})
    assert GONE[dialog] not in text
    assert ("Games" if dialog == "admin_products" else "Steam key") in text
    assert_calm(shop, errors_logged)


async def test_catalog_data_needs_no_start_data(shop, errors_logged):
    await shop.admin.command("start")
    for data in JUNK:
        assert "Catalog data" in await started(shop, "admin_catalog_data", data), data
    await shop.admin.tap("📦 Bulk stock")
    await shop.admin.send("1=5")
    assert "no product with id #1" in shop.admin.screen.text
    assert_calm(shop, errors_logged)
