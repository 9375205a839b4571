"""Admin payment methods: add (name → emoji → details), edit one field, toggle, delete.

Details are kept as Telegram HTML built from the admin's own formatting (bold, links…), so
what customers see is always valid markup.
"""

from __future__ import annotations

from nanostore.actions.admin_field_errors import explain_invalid_fields
from nanostore.actions.replies import note
from nanostore.actions.shop_deps import deps
from nanostore.services import payment_methods
from nanostore.ui import ActionContext, SwitchTo
from nanostore.ui import default_registry as registry

SKIP = "-"


def typed_html(ctx: ActionContext) -> str:
    message = ctx.message
    return message.html_text if message is not None and message.text else (ctx.value or "")


@registry.action("admin_methods.add")
async def add(ctx: ActionContext):
    draft = ctx.dialog_data
    created = await payment_methods.create(draft.get("name", ""), draft.get("emoji", ""),
                                           typed_html(ctx), by=deps(ctx).actor)
    for key in ("name", "emoji"):
        draft.pop(key, None)
    draft["method_id"] = created.id
    note(ctx, "admin_methods.created", name=created.name)
    return SwitchTo("method")


@registry.action("admin_methods.save_field")
async def save_field(ctx: ActionContext) -> None:
    field = ctx.dialog_data["field"]
    value = typed_html(ctx) if field == "details" else ctx.value
    if field == "emoji" and value.strip() == SKIP:
        value = ""
    await payment_methods.update(ctx.dialog_data["method_id"], by=deps(ctx).actor,
                                 **{field: value})
    note(ctx, "admin_methods.saved")


@registry.action("admin_methods.toggle")
async def toggle(ctx: ActionContext) -> None:
    await payment_methods.toggle(ctx.dialog_data["method_id"], by=deps(ctx).actor)


@registry.action("admin_methods.delete")
async def delete(ctx: ActionContext) -> None:
    await payment_methods.delete(ctx.dialog_data["method_id"], by=deps(ctx).actor)
    ctx.dialog_data.pop("method_id", None)
    note(ctx, "admin_methods.deleted")


@registry.action("admin_methods.move")
@explain_invalid_fields("admin_methods")
async def move(ctx: ActionContext) -> SwitchTo:
    """args.to: top or bottom; from the position window, the typed number."""
    placed = await payment_methods.place(ctx.dialog_data["method_id"], ctx.args.get("to") or ctx.value,
                                         by=deps(ctx).actor)
    note(ctx, "admin_methods.placed", position=placed.position, count=placed.count)
    return SwitchTo("method")
