"""Shared steps for the admin's paged lists."""

from __future__ import annotations

from aiogram_dialog import DialogManager


async def back_to_first_page(manager: DialogManager, scroll_id: str) -> None:
    """A new filter or search makes a new list: show it from its first page."""
    scroll = manager.find(scroll_id)
    if scroll is None:
        raise RuntimeError(f"the window has no list {scroll_id!r} (check the screen's YAML)")
    await scroll.set_page(0)
