"""Settings: switches flip on a tap, other values are typed; every change is audited."""

from __future__ import annotations

from nanostore.services import settings as shop_settings
from nanostore.services.errors import InvalidInput
from nanostore.ui import ActionContext, Stay, SwitchTo
from nanostore.ui import default_registry as registry

from .replies import note
from .shop_deps import deps

# Our own reason codes have a sentence each; a range or length refusal shows the field's hint.
REASONS = ("money_format", "money_list", "whole_number", "on_off", "chat_id", "topup_min_above_max", "assets")


def _reason(error: InvalidInput) -> str:
    reason = error.params.get("reason")
    return reason if reason in REASONS else "out_of_range"


@registry.action("admin_settings.pick")
async def pick(ctx: ActionContext) -> SwitchTo | Stay:
    key = str(ctx.item)
    if key == "cards_enabled" and deps(ctx).settings.provider_token() is None:
        # Without the provider token no invoice can be sent: explain instead of a dead switch.
        note(ctx, "admin_settings.cards_need_token")
        return Stay()
    if key == "crypto_enabled" and deps(ctx).settings.crypto_token() is None:
        note(ctx, "admin_settings.crypto_need_token")
        return Stay()
    if shop_settings.EDITABLE.get(key) == "bool":
        await shop_settings.toggle(deps(ctx).actor, key)
        return Stay()
    if key not in shop_settings.EDITABLE:
        raise InvalidInput(field=key, reason="unknown")
    ctx.dialog_data["key"] = key
    return SwitchTo("edit")


@registry.action("admin_settings.save")
async def save(ctx: ActionContext) -> SwitchTo | Stay:
    key = ctx.dialog_data.get("key", "")
    try:
        await shop_settings.change(deps(ctx).actor, key, shop_settings.parse(key, str(ctx.value or "")))
    except InvalidInput as error:
        # Say which value and what is expected, instead of the generic "not valid".
        note(ctx, "admin_settings.invalid",
             field=ctx.t(f"admin_settings.fields.{key}"),
             hint=ctx.t(f"admin_settings.hints.{key}"),
             reason=ctx.t(f"admin_settings.reasons.{_reason(error)}"))
        return Stay()
    note(ctx, "admin_settings.saved", field=ctx.t(f"admin_settings.fields.{key}"))
    return SwitchTo("list")
