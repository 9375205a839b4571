"""Screen content: pictures and texts an admin sets for customer screens.

A text is a template rendered for each customer in the sandbox (getters/screen_images.py) with
a fixed list of variables. Before saving, it is rendered for the admin and sent to them as the
preview: a template error or HTML Telegram refuses is shown, and nothing is saved.
"""

from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest
from aiogram_dialog import ShowMode

from nanostore.actions.shop_deps import deps
from nanostore.getters.formatting import money
from nanostore.getters.screen_images import screen_text_variables
from nanostore.services import audit, content
from nanostore.services import settings as shop_settings
from nanostore.ui import ActionContext, Stay, SwitchTo
from nanostore.ui import default_registry as registry
from nanostore.ui.sandbox import SafeTextRenderer

from .admin_telegram_refusals import explain
from .replies import note

_renderer = SafeTextRenderer(filters={"money": money})


def _screen(ctx: ActionContext) -> str:
    return ctx.dialog_data.get("screen", "welcome")


async def _send_preview(ctx: ActionContext, image: str | None, text: str) -> None:
    bot, chat_id = deps(ctx).bot, ctx.user.id
    if image:
        await bot.send_photo(chat_id, image, caption=text[:1024] or None)
        if len(text) > 1024:  # customers see the picture above the full text; so does the admin
            await bot.send_message(chat_id, text)
    else:
        await bot.send_message(chat_id, text)
    # The preview lands below the screen: send the screen again so it stays the last message.
    ctx.manager.show_mode = ShowMode.SEND


@registry.action("admin_content.set_text")
async def set_text(ctx: ActionContext) -> SwitchTo | Stay:
    screen, source = _screen(ctx), str(ctx.value)
    shop = deps(ctx).shop
    rendered = _renderer.render(source, screen_text_variables(deps(ctx).person, shop))
    if not rendered.ok:
        note(ctx, "admin_content.template_error", error=rendered.error)
        return Stay()
    look = await content.look(screen, shop)
    try:
        await _send_preview(ctx, look.image_file_id, rendered.text or "—")
    except TelegramBadRequest as error:
        note(ctx, "admin_content.html_error", error=explain(ctx, error, rendered.text))
        ctx.manager.show_mode = ShowMode.EDIT
        return Stay()
    before = (await content.get(screen)).text
    await content.set_text(screen, source, by=deps(ctx).actor)
    await audit.record(ctx.user.id, "content.text", screen, before=before, after=source)
    note(ctx, "admin_content.saved")
    return SwitchTo("screen")


@registry.action("admin_content.set_image")
async def set_image(ctx: ActionContext) -> None:
    await content.set_image(_screen(ctx), str(ctx.value), by=deps(ctx).actor)
    await audit.record(ctx.user.id, "content.image", _screen(ctx), after=str(ctx.value))
    note(ctx, "admin_content.saved")


@registry.action("admin_content.clear_image")
async def clear_image(ctx: ActionContext) -> None:
    await content.clear_image(_screen(ctx), by=deps(ctx).actor)
    await audit.record(ctx.user.id, "content.clear_image", _screen(ctx))


@registry.action("admin_content.clear_text")
async def clear_text(ctx: ActionContext) -> None:
    await content.clear_text(_screen(ctx), by=deps(ctx).actor)
    await audit.record(ctx.user.id, "content.clear_text", _screen(ctx))


@registry.action("admin_content.preview")
async def preview(ctx: ActionContext) -> None:
    """The screen as the admin, as a customer, would get it: picture, then the rendered text."""
    shop = deps(ctx).shop
    look = await content.look(_screen(ctx), shop)
    text: str = ctx.t("admin_content.own_text")
    if look.text:
        rendered = _renderer.render(look.text, screen_text_variables(deps(ctx).person, shop))
        text = rendered.text if rendered.ok else ctx.t("admin_content.template_error", error=rendered.error)
    try:
        await _send_preview(ctx, look.image_file_id, str(text))
    except TelegramBadRequest as error:  # e.g. a picture Telegram no longer has
        note(ctx, "admin_content.preview_failed", error=explain(ctx, error, str(text)))
        ctx.manager.show_mode = ShowMode.EDIT


@registry.action("admin_content.toggle_images")
async def toggle_images(ctx: ActionContext) -> None:
    await shop_settings.toggle(deps(ctx).actor, "images_enabled")


@registry.action("admin_content.clear_fallback")
async def clear_fallback(ctx: ActionContext) -> None:
    await shop_settings.change(deps(ctx).actor, "global_image_file_id", None)
