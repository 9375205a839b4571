"""Questions and answers on a product card: add, edit, order, delete; each change audited."""

from __future__ import annotations

from nanostore.actions.shop_deps import deps
from nanostore.services import audit, product_content
from nanostore.services.errors import NotFound
from nanostore.ui import ActionContext, Stay, SwitchTo
from nanostore.ui import default_registry as registry

from .admin_field_errors import explain_invalid_fields
from .admin_start_data import product_or_gone, required_id
from .replies import note


async def _record(ctx: ActionContext, action: str, target: int, **values) -> None:
    await audit.record(ctx.user.id, f"product_faq.{action}", target, after=values or None)


@registry.action("admin_product_faqs.opened")
async def opened(ctx: ActionContext):
    """Started for a product (start data: product_id) that must still exist."""
    return await product_or_gone(ctx)


@registry.action("admin_product_faqs.keep_question")
@explain_invalid_fields("admin_product_faqs")
async def keep_question(ctx: ActionContext):
    ctx.dialog_data["question"] = product_content.clean_question(ctx.value)


@registry.action("admin_product_faqs.add")
@explain_invalid_fields("admin_product_faqs")
async def add(ctx: ActionContext):
    question = ctx.dialog_data.get("question")
    if question is None:  # the same answer sent twice: the first one already added it
        return Stay()
    product_id = required_id(ctx.start_data, "product_id")
    faq = await product_content.add_faq(product_id, question, ctx.value, by=deps(ctx).actor)
    ctx.dialog_data.pop("question")
    await _record(ctx, "add", product_id, faq_id=faq.id, question=faq.question)
    return SwitchTo("list")


@registry.action("admin_product_faqs.edit")
@explain_invalid_fields("admin_product_faqs")
async def edit(ctx: ActionContext):
    field = ctx.args["field"]
    faq = await product_content.edit_faq(required_id(ctx.dialog_data, "faq_id"), **{field: ctx.value},
                                         by=deps(ctx).actor)
    await _record(ctx, "edit", faq.product_id, faq_id=faq.id, **{field: getattr(faq, field)})
    return SwitchTo("faq")


@registry.action("admin_product_faqs.delete")
async def delete(ctx: ActionContext):
    faq_id = ctx.dialog_data.pop("faq_id", None)
    if faq_id is not None:
        await product_content.delete_faq(int(faq_id), by=deps(ctx).actor)
        await _record(ctx, "delete", required_id(ctx.start_data, "product_id"), faq_id=faq_id)
    return SwitchTo("list")


@registry.action("admin_product_faqs.move")
@explain_invalid_fields("admin_product_faqs")
async def move(ctx: ActionContext):
    """args.to: top or bottom; from the position window, the typed number."""
    product_id, where = required_id(ctx.start_data, "product_id"), ctx.args.get("to") or ctx.value
    try:
        faq_id = required_id(ctx.dialog_data, "faq_id")
        placed = await product_content.place_faq(product_id, faq_id, where, by=deps(ctx).actor)
    except NotFound:  # deleted meanwhile: the question's window says so
        return SwitchTo("faq")
    if placed.moved:
        await _record(ctx, "move", product_id, faq_id=faq_id, position=placed.position)
    note(ctx, "admin_product_faqs.placed", position=placed.position, count=placed.count)
    return SwitchTo("faq")
