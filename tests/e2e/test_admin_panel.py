"""The admin panel: dashboard figures with badges, the revenue chart, and no way in for customers."""

from __future__ import annotations

import asyncio

from aiogram_dialog import StartMode
from aiogram_dialog.manager.bg_manager import BgManagerFactoryImpl

from nanostore.ui.states import first_state
from tests.fixtures.admin import hub_admin_label, open_panel
from tests.fixtures.orders import seed_activity


async def test_dashboard_shows_figures_and_catalog_button(shop):
    await seed_activity()
    admin = await open_panel(shop)
    text = admin.screen.text
    assert "Admin panel" in text
    assert "Users: 3" in text  # Ann, Bob and the admin himself
    assert "Orders: 3 (paid: 2)" in text
    assert "Revenue: $22.00" in text  # 20.00 - 5.00 discount + 7.00; the unpaid order not counted
    assert "Pending proofs: 1" in text and "Pending top-ups: 1" in text
    assert "Open tickets: 1" in text
    labels = [label for row in admin.screen.buttons for label in row]
    assert "🗂 Catalog" in labels and "📈 Revenue chart" in labels


async def test_revenue_chart_arrives_as_a_photo_and_the_panel_follows(shop):
    await seed_activity()
    admin = await open_panel(shop)
    await admin.tap("📈 Revenue chart")
    photo = next(message for message in admin.inbox if message.media_kind == "photo")
    assert "Revenue of paid orders, last 30 days: $22.00" in photo.caption
    assert "Admin panel" in admin.screen.text  # the panel is sent again below the chart
    sent = shop.emulator.calls_of("sendPhoto")
    assert sent and not sent[-1].error


async def test_customer_has_no_admin_button(shop):
    # That no admin getter runs for a customer is walked in test_admin_access.py.
    ann = shop.person(1001, "Ann")
    await ann.command("start")
    await ann.tap("🛍 Open the shop")
    assert hub_admin_label(ann) is None


async def test_russian_admin_sees_russian_panel(shop):
    boss = shop.person(9000, "Admin", username="boss", language_code="ru")
    await open_panel(shop, boss)
    assert "Админ-панель" in boss.screen.text
    assert "🗂 Каталог" in [label for row in boss.screen.buttons for label in row]


async def test_forged_start_of_the_panel_shows_a_customer_nothing(shop):
    await seed_activity()
    ann = shop.person(1001, "Ann")
    await ann.command("start")
    manager = BgManagerFactoryImpl(shop.shop.dispatcher).bg(shop.shop.bot, ann.id, ann.id)
    await manager.start(first_state("admin"), mode=StartMode.RESET_STACK)
    for _ in range(100):
        await asyncio.sleep(0.01)
        await shop.emulator.settle()
    # The panel's getter refuses, so no figure ever reaches her chat.
    assert all("Revenue" not in (message.text or "") for message in ann.messages)
    assert all("Admin panel" not in (message.text or "") for message in ann.messages)
    # A refusal is a rule doing its job, not an incident to page the admins about.
    from nanostore.db.models import OutboxMessage

    assert not await OutboxMessage.filter(kind="critical_error").exists()
