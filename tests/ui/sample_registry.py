"""A registry for the sample screens: a tiny fake shop kept in `store` (middleware data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nanostore.ui import ActionContext, Registry, Stay, SwitchTo
from nanostore.ui.notice import set_notice


class OutOfStock(Exception):
    code = "out_of_stock"

    def __init__(self, **params: Any):
        super().__init__(self.code)
        self.params = params


@dataclass
class FakeStore:
    name: str = "Ann"
    cart_count: int = 2
    products: list[dict] = field(default_factory=lambda: [
        {"id": n, "name": f"Item {n}", "price": n * 100, "image_id": "PHOTO" if n == 1 else None}
        for n in range(1, 8)])
    added: list[tuple[int, int]] = field(default_factory=list)
    events: list[str] = field(default_factory=list)


def build_registry() -> Registry:
    registry = Registry()

    @registry.filter("money")
    def money(minor: int) -> str:
        return f"${minor // 100}.{minor % 100:02d}"

    @registry.getter("menu.summary")
    async def summary(dialog_manager, store: FakeStore, **kwargs) -> dict:
        return {"name": store.name, "cart_count": store.cart_count,
                "last_result": dialog_manager.dialog_data.get("last_result"),
                "sizes": [{"id": "s", "title": "Small"}, {"id": "l", "title": "Large"}],
                "extras": [{"id": x, "title": x.upper()} for x in ("a", "b", "c")]}

    @registry.condition("menu.is_admin")
    def is_admin(data: dict, manager) -> bool:
        return bool(manager.middleware_data.get("is_admin"))

    @registry.action("menu.open_admin")
    async def open_admin(ctx: ActionContext):
        ctx.middleware_data["store"].events.append("admin")
        return SwitchTo("options")  # an action may choose where to go

    @registry.action("menu.buy")
    async def buy(ctx: ActionContext):
        raise OutOfStock(left=ctx.args["left"])

    @registry.action("menu.remember_result")
    async def remember_result(ctx: ActionContext):
        ctx.dialog_data["last_result"] = ctx.value

    @registry.getter("catalog.page")
    async def page(dialog_manager, store: FakeStore, page: int, page_size: int, **kwargs) -> dict:
        rows = store.products[page * page_size:(page + 1) * page_size]
        pages = -(-len(store.products) // page_size)
        return {"products": rows, "pages": pages, "page": page}

    @registry.getter("catalog.product")
    async def product(dialog_manager, store: FakeStore, **kwargs) -> dict:
        wanted = dialog_manager.dialog_data["product_id"]
        return {"product": next(p for p in store.products if p["id"] == wanted)}

    @registry.getter("catalog.tags")
    async def tags(dialog_manager, **kwargs) -> dict:
        return {"tags": [{"id": f"t{n}"} for n in range(5)]}

    @registry.action("catalog.add")
    async def add(ctx: ActionContext):
        ctx.middleware_data["store"].added.append((ctx.dialog_data["product_id"], ctx.args["qty"]))

    @registry.action("form.started")
    async def started(ctx: ActionContext):
        ctx.middleware_data["store"].events.append(f"started:{ctx.value}")

    @registry.action("form.closed")
    async def closed(ctx: ActionContext):
        ctx.middleware_data["store"].events.append(f"closed:{ctx.value}")

    @registry.action("form.check_amount")
    async def check_amount(ctx: ActionContext):
        if ctx.value > 100_000:
            raise OutOfStock(left=1000)
        ctx.dialog_data["amount"] = ctx.value
        if ctx.value == 0:
            return Stay()
        return None

    @registry.action("form.nick_rejected")
    async def nick_rejected(ctx: ActionContext):
        set_notice(ctx.manager, ctx.t("form.nick_rejected", nick=ctx.value))

    return registry
