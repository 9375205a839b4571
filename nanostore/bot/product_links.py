"""A button in a plain message (a back-in-stock alert) that opens a product's card.

The callback data carries only the product's id; the catalog checks it again on opening
(`catalog.opened`), so a product hidden since the message was sent gets the usual refusal.
"""

from __future__ import annotations

from collections.abc import Callable

from aiogram import Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from aiogram_dialog import DialogManager, ShowMode, StartMode

from nanostore.bot.start import HOME_DIALOG
from nanostore.ui import start_dialog

CATALOG_DIALOG = "catalog"
# Notifications that end with a button to the product named by their payload's product_id.
PRODUCT_LINK_KINDS = {"back_in_stock": "stock_alerts.open"}


class ProductLink(CallbackData, prefix="product"):
    product_id: int


def product_keyboard(kind: str, payload: dict, t: Callable[..., str]) -> InlineKeyboardMarkup | None:
    label = PRODUCT_LINK_KINDS.get(kind)
    product_id = payload.get("product_id")
    if label is None or not isinstance(product_id, int):
        return None
    button = InlineKeyboardButton(text=t(label, name=payload.get("product_name", "")),
                                  callback_data=ProductLink(product_id=product_id).pack())
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


def product_links_router() -> Router:
    router = Router(name="product_links")
    router.callback_query.register(on_product_link, ProductLink.filter())
    return router


async def on_product_link(callback: CallbackQuery, callback_data: ProductLink,
                          dialog_manager: DialogManager) -> None:
    await callback.answer()
    # A new message below: the alert itself stays readable, not edited into the card.
    dialog_manager.show_mode = ShowMode.SEND
    # The shop's home below the card, so Back from the card lands somewhere.
    await start_dialog(dialog_manager, HOME_DIALOG, mode=StartMode.RESET_STACK)
    await start_dialog(dialog_manager, CATALOG_DIALOG, data={"product_id": callback_data.product_id})
