"""An owner gives or takes one staff role (services/staff.py audits it)."""

from __future__ import annotations

from nanostore.actions.shop_deps import deps
from nanostore.services import staff
from nanostore.ui import ActionContext
from nanostore.ui import default_registry as registry


@registry.action("admin_staff.toggle_role")
async def toggle_role(ctx: ActionContext) -> None:
    """Give the tapped role to the person, or take it away; the window shows the new set."""
    shop = deps(ctx)
    await staff.toggle_role(shop.actor, ctx.dialog_data["user_id"], str(ctx.item),
                            owners=shop.settings.admin_ids)
