"""The admin panel's own buttons: the revenue chart, an owner's choice of alerts."""

from __future__ import annotations

import asyncio

from aiogram.types import BufferedInputFile
from aiogram_dialog import ShowMode

from nanostore.actions.replies import note
from nanostore.actions.shop_deps import deps
from nanostore.bot.charts import revenue_png
from nanostore.services import dashboard, staff
from nanostore.ui import ActionContext
from nanostore.ui import default_registry as registry


@registry.action("admin.send_revenue_chart")
async def send_revenue_chart(ctx: ActionContext) -> None:
    series = await dashboard.revenue_series()
    shop = deps(ctx).shop
    title = str(ctx.t("admin.chart_title", days=len(series)))
    png = await asyncio.to_thread(revenue_png, [row.day for row in series],
                                  [row.revenue for row in series], shop.currency, title)
    caption = ctx.t("admin.chart_caption", days=len(series),
                    total=sum(row.revenue for row in series))
    await deps(ctx).bot.send_photo(
        ctx.event.from_user.id, BufferedInputFile(png, "revenue.png"), caption=str(caption))
    # The photo lands below the panel: send the panel again so it stays the last message.
    ctx.manager.show_mode = ShowMode.SEND


@registry.action("admin.toggle_alerts")
async def toggle_alerts(ctx: ActionContext) -> None:
    """Every alert, or only those of areas no staff member holds (and the owners' own)."""
    every = not await staff.wants_every_alert(ctx.user.id)
    await staff.set_every_alert(deps(ctx).actor, every)
    note(ctx, "admin.alerts_every_set" if every else "admin.alerts_own_set")
