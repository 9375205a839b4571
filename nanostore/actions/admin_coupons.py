"""Admin coupons: a create wizard (code → percent → max uses → expiry) that saves only at the
end, toggle and delete. Each step checks its value with the service's own rule."""

from __future__ import annotations

from nanostore.actions.replies import note
from nanostore.actions.shop_deps import deps
from nanostore.services import coupons
from nanostore.services.errors import AlreadyExists, InvalidInput
from nanostore.ui import ActionContext, Stay, SwitchTo
from nanostore.ui import default_registry as registry


@registry.action("admin_coupons.set_code")
async def set_code(ctx: ActionContext):
    try:
        ctx.dialog_data["code"] = await coupons.check_new_code(ctx.value)
    except AlreadyExists:
        note(ctx, "admin_coupons.exists", code=coupons.normalize_code(ctx.value))
        return Stay()
    except InvalidInput:
        note(ctx, "admin_coupons.bad_code")
        return Stay()
    return SwitchTo("percent")


@registry.action("admin_coupons.set_percent")
async def set_percent(ctx: ActionContext):
    try:
        ctx.dialog_data["percent"] = coupons.check_percent(ctx.value)
    except InvalidInput:
        note(ctx, "admin_coupons.bad_percent")
        return Stay()
    return SwitchTo("uses")


@registry.action("admin_coupons.set_max_uses")
async def set_max_uses(ctx: ActionContext):
    try:
        ctx.dialog_data["max_uses"] = coupons.check_max_uses(ctx.value)
    except InvalidInput:
        note(ctx, "admin_coupons.bad_uses")
        return Stay()
    return SwitchTo("expiry")


@registry.action("admin_coupons.create")
async def create(ctx: ActionContext):
    draft = ctx.dialog_data
    try:
        expires_at = None if ctx.args.get("no_expiry") else coupons.expiry_from_text(ctx.value)
    except InvalidInput:
        note(ctx, "admin_coupons.bad_expiry", max=coupons.MAX_EXPIRY_DAYS)
        return Stay()
    try:
        coupon = await coupons.create(draft["code"], draft["percent"], draft["max_uses"],
                                      expires_at, by=deps(ctx).actor)
    except AlreadyExists:  # taken by another admin since the first step
        note(ctx, "admin_coupons.exists", code=draft["code"])
        return SwitchTo("code")
    for key in ("code", "percent", "max_uses"):
        draft.pop(key, None)
    draft["coupon_id"] = coupon.id
    note(ctx, "admin_coupons.created", code=coupon.code)
    return SwitchTo("coupon")


@registry.action("admin_coupons.toggle")
async def toggle(ctx: ActionContext) -> None:
    await coupons.toggle(ctx.dialog_data["coupon_id"], by=deps(ctx).actor)


@registry.action("admin_coupons.delete")
async def delete(ctx: ActionContext) -> None:
    await coupons.delete(ctx.dialog_data["coupon_id"], by=deps(ctx).actor)
    ctx.dialog_data.pop("coupon_id", None)
    note(ctx, "admin_coupons.deleted")
