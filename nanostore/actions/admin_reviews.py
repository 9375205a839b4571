"""Hide or show a review, answer it publicly (the services check the catalog role again)."""

from __future__ import annotations

from nanostore.actions.shop_deps import deps
from nanostore.services import reviews
from nanostore.ui import ActionContext
from nanostore.ui import default_registry as registry

from .replies import note, wake_notifier


@registry.action("admin_reviews.hide")
async def hide(ctx: ActionContext) -> None:
    await reviews.set_hidden(deps(ctx).actor, ctx.dialog_data.get("review_id", 0), True)
    note(ctx, "admin_reviews.hidden")


@registry.action("admin_reviews.show")
async def show(ctx: ActionContext) -> None:
    await reviews.set_hidden(deps(ctx).actor, ctx.dialog_data.get("review_id", 0), False)
    note(ctx, "admin_reviews.shown")


@registry.action("admin_reviews.reply")
async def reply(ctx: ActionContext) -> None:
    await reviews.reply(deps(ctx).actor, ctx.dialog_data.get("review_id", 0), ctx.value)
    wake_notifier(ctx)
    note(ctx, "admin_reviews.replied")
