"""A product's reviews: open them from the card, page through them, write or edit one's own
(stars, then an optional text), submit it."""

from __future__ import annotations

from nanostore.services import catalog, reviews
from nanostore.services.errors import ReviewNotAllowed
from nanostore.ui import ActionContext, StartDialog, SwitchTo
from nanostore.ui import default_registry as registry

from .replies import note, wake_notifier


@registry.action("reviews.open")
async def open_reviews(ctx: ActionContext) -> StartDialog:
    """From the product card (the catalog dialog keeps the product in its dialog_data)."""
    return StartDialog("reviews", {"product_id": ctx.dialog_data.get("product_id", 0)})


@registry.action("reviews.opened")
async def opened(ctx: ActionContext) -> None:
    start = ctx.value if isinstance(ctx.value, dict) else {}
    product = await catalog.sellable_product(start.get("product_id", 0))
    ctx.dialog_data.update(product_id=product.id, page=0)


@registry.action("reviews.older")
async def older(ctx: ActionContext) -> None:
    ctx.dialog_data["page"] = ctx.dialog_data.get("page", 0) + 1


@registry.action("reviews.newer")
async def newer(ctx: ActionContext) -> None:
    ctx.dialog_data["page"] = max(0, ctx.dialog_data.get("page", 0) - 1)


@registry.action("reviews.write")
async def write(ctx: ActionContext) -> SwitchTo:
    """Starts from the customer's own review when there is one, so submitting edits it."""
    product_id = ctx.dialog_data.get("product_id", 0)
    if not await reviews.has_received(ctx.user.id, product_id):
        raise ReviewNotAllowed(product_id=product_id)
    mine = await reviews.mine(ctx.user.id, product_id)
    ctx.dialog_data.update(rating=mine.rating if mine else None, text=mine.text if mine else "")
    return SwitchTo("write")


@registry.action("reviews.rate")
async def rate(ctx: ActionContext) -> None:
    item = ctx.item
    ctx.dialog_data["rating"] = reviews.clean_rating(int(item) if str(item).isdigit() else item)


@registry.action("reviews.set_text")
async def set_text(ctx: ActionContext) -> None:
    ctx.dialog_data["text"] = reviews.clean_text(ctx.value)


@registry.action("reviews.submit")
async def submit(ctx: ActionContext) -> SwitchTo:
    await reviews.submit(ctx.user.id, ctx.dialog_data.get("product_id", 0),
                         ctx.dialog_data.get("rating"), ctx.dialog_data.get("text", ""))
    wake_notifier(ctx)
    ctx.dialog_data["page"] = 0
    note(ctx, "reviews.thanks")
    return SwitchTo("list")
