"""Cart buttons: one select per line row (−, open, +, remove), and clearing the cart."""

from __future__ import annotations

from nanostore.services import cart, catalog
from nanostore.ui import ActionContext, StartDialog
from nanostore.ui import default_registry as registry


@registry.action("cart.line")
async def line(ctx: ActionContext) -> StartDialog | None:
    verb, _, product_id = str(ctx.item).partition(":")
    if not product_id.isdigit():
        return None
    user_id, number = ctx.user.id, int(product_id)
    if verb == "inc":
        await cart.increment(user_id, number)
    elif verb == "dec":
        await cart.decrement(user_id, number)
    elif verb == "del":
        await cart.remove(user_id, number)
    elif verb == "open":
        await catalog.sellable_product(number)  # a hidden product stays shut, with a note
        return StartDialog("catalog", data={"product_id": number})
    return None


@registry.action("cart.clear")
async def clear(ctx: ActionContext) -> None:
    await cart.clear(ctx.user.id)
