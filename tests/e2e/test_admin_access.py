"""Admin areas check the person on every getter and action, not only on the menu that leads
there: a customer calling any `admin...` name gets AccessDenied and the database is unchanged."""

from __future__ import annotations

import asyncio

from aiogram_dialog import StartMode
from aiogram_dialog.manager.bg_manager import BgManagerFactoryImpl

from nanostore.emulator.finders import ButtonNotFound
from nanostore.ui.states import first_state

ADMIN_PANEL_LABELS = ("⚙️ Admin Panel", "🛠 Admin panel", "👑 Admin")


async def open_admin_panel(shop, person=None):
    """The admin panel as an admin reaches it: from the main menu's button when the menu has
    one, else started for them (the panel itself is another engineer's screen)."""
    person = person or shop.admin
    await person.command("start")
    await person.tap("🛍 Open the shop")
    for label in ADMIN_PANEL_LABELS:
        try:
            await person.tap(label)
            return person
        except ButtonNotFound:
            continue
    shown = person.screen.message
    manager = BgManagerFactoryImpl(shop.shop.dispatcher).bg(shop.shop.bot, person.id, person.id)
    await manager.start(first_state("admin"), mode=StartMode.RESET_STACK)
    for _ in range(500):  # the start is handled in a task of its own: wait for its render
        await asyncio.sleep(0.01)
        await shop.emulator.settle()
        if person.screen.message is not shown or person.screen.text != shown.text:
            break
    return person


async def open_admin_section(shop, label: str, person=None):
    person = await open_admin_panel(shop, person)
    await person.tap(label)
    return person
