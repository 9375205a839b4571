"""The referral screen: the person's own start link and what their invitations earned."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.services import referrals
from nanostore.ui import default_registry as registry


async def invite_link(bot, user_id: int) -> str:
    me = await bot.me()  # aiogram caches getMe, so this costs one request per process
    return f"https://t.me/{me.username}?start={referrals.link_payload(user_id)}"


@registry.getter("referrals.overview")
async def overview(dialog_manager: DialogManager, shop_user, bot, shop, **_) -> dict:
    made = await referrals.stats(shop_user.id)
    return {"link": await invite_link(bot, shop_user.id), "invited": made.invited,
            "rewarded": made.rewarded, "earned": made.earned, "reward": shop.referral_reward}
