"""The row an admin dialog was started for (a category's products, a product's FAQs, media or
delivery items), read from start data that may be anything: a stale or forged start, or a row
another admin has deleted meanwhile.

Each such dialog checks its start data once, in `on_start`, and shows its `gone` window instead
of failing on every render; getters and actions read the id through `required_id`, which turns a
missing one into NotFound (a short note for the admin, not an alert for the developers); both
live in getters/start_ids.py, which getters read without importing actions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nanostore.getters.start_ids import id_in, required_id
from nanostore.services import categories, products
from nanostore.services.errors import NotFound
from nanostore.ui import ActionContext, SwitchTo

__all__ = ["GONE_WINDOW", "category_or_gone", "id_in", "product_or_gone", "required_id"]

GONE_WINDOW = "gone"


async def category_or_gone(ctx: ActionContext) -> SwitchTo | None:
    """on_start of a dialog about one category: its `gone` window when there is no such row."""
    return await _gone_unless(categories.get, id_in(ctx.start_data, "category_id"))


async def product_or_gone(ctx: ActionContext) -> SwitchTo | None:
    """on_start of a dialog about one product: its `gone` window when there is no such row."""
    return await _gone_unless(products.get, id_in(ctx.start_data, "product_id"))


async def _gone_unless(get_row: Callable[[int], Awaitable[Any]], row_id: int | None) -> SwitchTo | None:
    if row_id is None:
        return SwitchTo(GONE_WINDOW)
    try:
        await get_row(row_id)
    except NotFound:
        return SwitchTo(GONE_WINDOW)
    return None
