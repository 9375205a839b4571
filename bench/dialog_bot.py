"""The browse benchmark's third side: the shop's customer screens written by hand in
aiogram-dialog, with the same labels and flow (welcome → hub → categories → products →
product → add → cart → home) and the catalog and carts in dicts instead of a database.

It is what aiogram-dialog itself costs for these taps, so the shop's figures can be read as a
ratio to the framework rather than to an echo bot.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from aiogram import Dispatcher, F, Router
from aiogram.filters import CommandStart
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, StartMode, Window, setup_dialogs
from aiogram_dialog.widgets.kbd import Button, Row, ScrollingGroup, Select, Start, SwitchTo
from aiogram_dialog.widgets.text import Const, Format


class Menu(StatesGroup):
    welcome = State()
    hub = State()


class Catalog(StatesGroup):
    categories = State()
    products = State()
    detail = State()


class Cart(StatesGroup):
    lines = State()


class Store:
    """One category of products and each person's cart, in memory."""

    def __init__(self, product_count: int) -> None:
        self.products = {n: {"id": n, "name": f"Game key {n}", "price": 999 + n - 1}
                         for n in range(1, product_count + 1)}
        self.carts: dict[int, dict[int, int]] = {}


def _money(minor: int) -> str:
    return f"${minor / 100:.2f}"


def build_dialogs(store: Store) -> list[Dialog]:
    async def profile(event_from_user, **_: Any) -> dict:
        cart = store.carts.get(event_from_user.id, {})
        count = sum(cart.values())
        return {"name": event_from_user.first_name, "user_id": event_from_user.id,
                "balance": _money(0), "orders": 0, "cart_count": count,
                "cart_label": f" ({count})" if count else "",
                "cart_line": f"\n🛒 In your cart: {count}" if count else ""}

    async def categories(event_from_user, **_: Any) -> dict:
        count = sum(store.carts.get(event_from_user.id, {}).values())
        return {"categories": [{"id": 1, "label": f"🎮 Games ({len(store.products)})"}],
                "cart_label": f" ({count})" if count else ""}

    async def products(**_: Any) -> dict:
        items = [{"id": p["id"], "label": f"{p['name']} · {_money(p['price'])}"}
                 for p in store.products.values()]
        return {"products": items, "total": len(items)}

    async def product(dialog_manager: DialogManager, event_from_user, **_: Any) -> dict:
        chosen = store.products[dialog_manager.dialog_data["product_id"]]
        count = sum(store.carts.get(event_from_user.id, {}).values())
        note = dialog_manager.dialog_data.pop("note", None)
        return {"name": chosen["name"], "price": _money(chosen["price"]), "cart_count": count,
                "note": f"{note}\n\n" if note else ""}

    async def cart_lines(event_from_user, **_: Any) -> dict:
        cart = store.carts.get(event_from_user.id, {})
        lines = [(store.products[pid], qty) for pid, qty in cart.items()]
        total = sum(p["price"] * qty for p, qty in lines)
        text = "\n".join(f"✅ {p['name']} — {qty} × {_money(p['price'])} = "
                         f"{_money(p['price'] * qty)}" for p, qty in lines)
        return {"lines": text, "count": sum(cart.values()), "total": _money(total)}

    async def open_product(callback: CallbackQuery, widget: Any, manager: DialogManager,
                           item_id: str) -> None:
        manager.dialog_data["product_id"] = int(item_id)
        await manager.switch_to(Catalog.detail)

    async def add_to_cart(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
        cart = store.carts.setdefault(callback.from_user.id, {})
        product_id = manager.dialog_data["product_id"]
        cart[product_id] = cart.get(product_id, 0) + 1
        manager.dialog_data["note"] = f"✅ Added to your cart (you have {cart[product_id]})."

    home = Start(Const("🏠 Home"), id="home", state=Menu.hub, mode=StartMode.RESET_STACK)
    menu = Dialog(
        Window(Format("👋 Welcome to NanoStore, {name}!\n\n🆔 {user_id}\n📦 Orders: {orders}\n"
                      "💰 Balance: {balance}"),
               SwitchTo(Const("🛍 Open the shop"), id="enter", state=Menu.hub),
               state=Menu.welcome, getter=profile),
        Window(Format("🏠 NanoStore\n\n💰 Balance: {balance}{cart_line}\nChoose a section:"),
               Row(Start(Const("🛍 Shop"), id="shop", state=Catalog.categories),
                   Button(Const("🔎 Search"), id="search")),
               Start(Format("🛒 Cart{cart_label}"), id="cart", state=Cart.lines),
               Button(Const("📦 My Orders"), id="orders"),
               Button(Const("💰 Wallet"), id="wallet"),
               Row(Button(Const("🎁 Daily reward"), id="rewards"),
                   Button(Const("👥 Invite friends"), id="referrals")),
               Button(Const("🎫 Support"), id="support"),
               Row(Button(Const("🌐 Language"), id="language"),
                   SwitchTo(Const("👤 My profile"), id="profile", state=Menu.welcome)),
               state=Menu.hub, getter=profile),
    )
    catalog = Dialog(
        Window(Const("🛍 Shop\n\nChoose a category:"),
               Select(Format("{item[label]}"), id="cat", items="categories",
                      item_id_getter=itemgetter("id"),
                      on_click=lambda c, w, m, i: m.switch_to(Catalog.products)),
               Start(Format("🛒 Cart{cart_label}"), id="cart", state=Cart.lines), home,
               state=Catalog.categories, getter=categories),
        Window(Format("🎮 Games · {total} products"),
               ScrollingGroup(Select(Format("{item[label]}"), id="prod", items="products",
                                     item_id_getter=itemgetter("id"), on_click=open_product),
                              id="products", width=1, height=8),
               Row(SwitchTo(Const("⬅️ Back"), id="back", state=Catalog.categories), home),
               state=Catalog.products, getter=products),
        Window(Format("{note}{name}\nGames\n\n💵 Price: {price}\n♾ Unlimited"),
               Button(Const("🛒 Add to cart"), id="add", on_click=add_to_cart),
               Start(Format("🛒 Cart ({cart_count})"), id="cart", state=Cart.lines,
                     when=F["cart_count"]),
               Row(SwitchTo(Const("⬅️ Back"), id="back", state=Catalog.products), home),
               state=Catalog.detail, getter=product),
    )
    cart = Dialog(
        Window(Format("🛒 Your cart\n\n{lines}\n\n{count} item · 💵 Total: {total}"),
               Button(Const("✅ Checkout"), id="checkout"),
               Button(Const("🗑 Clear cart"), id="clear"),
               Start(Const("🛍 Continue shopping"), id="shop", state=Catalog.categories),
               Row(Button(Const("⬅️ Back"), id="back"), home),
               state=Cart.lines, getter=cart_lines),
    )
    return [menu, catalog, cart]


def dialog_dispatcher(product_count: int = 20) -> Dispatcher:
    # As the shop (bot/storage.py): one update per person at a time, which aiogram-dialog
    # needs when a person taps the screen an edit just showed.
    dispatcher = Dispatcher(storage=MemoryStorage(), events_isolation=SimpleEventIsolation())
    router = Router()

    @router.message(CommandStart())
    async def start(message: Message, dialog_manager: DialogManager) -> None:
        await dialog_manager.start(Menu.welcome, mode=StartMode.RESET_STACK)

    dispatcher.include_router(router)
    for dialog in build_dialogs(Store(product_count)):
        dispatcher.include_router(dialog)
    setup_dialogs(dispatcher)
    return dispatcher
