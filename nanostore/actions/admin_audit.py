"""Audit log filters: by kind of action and by admin, combinable, each with an "All".

A picker's button may be old (a kind renamed since, an id typed into a forged callback): the
filter is then dropped with a note, never applied half-way.
"""

from __future__ import annotations

from nanostore.actions.lists import back_to_first_page
from nanostore.actions.replies import note
from nanostore.getters.admin_audit import ALL_ADMINS, ALL_KINDS
from nanostore.services import audit
from nanostore.ui import ActionContext, SwitchTo
from nanostore.ui import default_registry as registry

LIST_WINDOW = "list"


async def _show_first_page(ctx: ActionContext) -> SwitchTo:
    # A filtered list is a new list: start it at its newest page.
    await back_to_first_page(ctx.manager, "entries")
    return SwitchTo(LIST_WINDOW)


@registry.action("admin_audit.filter_kind")
async def filter_kind(ctx: ActionContext) -> SwitchTo:
    """Show one kind of action ("all" shows every kind)."""
    ctx.dialog_data.pop("kind", None)
    if ctx.item != ALL_KINDS:
        if audit.known_kind(ctx.item):
            ctx.dialog_data["kind"] = ctx.item
        else:
            note(ctx, "admin_audit.filter_gone")
    return await _show_first_page(ctx)


@registry.action("admin_audit.filter_admin")
async def filter_admin(ctx: ActionContext) -> SwitchTo:
    """Show one admin's actions (id 0 shows every admin's)."""
    ctx.dialog_data.pop("admin", None)
    if ctx.item != ALL_ADMINS:
        if ctx.item in {admin.id for admin in await audit.admins()}:
            ctx.dialog_data["admin"] = ctx.item
        else:
            note(ctx, "admin_audit.filter_gone")
    return await _show_first_page(ctx)


@registry.action("admin_audit.clear_filters")
async def clear_filters(ctx: ActionContext) -> SwitchTo:
    """Every kind, every admin."""
    ctx.dialog_data.pop("kind", None)
    ctx.dialog_data.pop("admin", None)
    return await _show_first_page(ctx)
