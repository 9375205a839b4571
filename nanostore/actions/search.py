"""Search: take a query (not blank, not too long), open a found product's card."""

from __future__ import annotations

from nanostore.services import catalog
from nanostore.services.search_text import query_text
from nanostore.ui import ActionContext, StartDialog, Stay, SwitchTo
from nanostore.ui import default_registry as registry

from .replies import note

QUERY_MAX = 64
RESULTS_PAGER = "found"  # the `paged` widget id of the results window


@registry.action("search.submit")
async def submit(ctx: ActionContext) -> Stay | SwitchTo:
    query = " ".join(str(ctx.value or "").split())
    if not query_text(query):
        note(ctx, "search.empty")
        return Stay()
    if len(query) > QUERY_MAX:
        note(ctx, "search.too_long", max=QUERY_MAX)
        return Stay()
    ctx.dialog_data["query"] = query
    ctx.manager.current_context().widget_data.pop(RESULTS_PAGER, None)  # new query, first page
    return SwitchTo("results")


@registry.action("search.open_product")
async def open_product(ctx: ActionContext) -> StartDialog:
    product = await catalog.sellable_product(ctx.item)  # hidden since the search: a note instead
    return StartDialog("catalog", data={"product_id": product.id})
