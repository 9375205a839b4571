"""What the subscription access job does each minute (bot/subscription_keeper.py): lapse the
subscriptions whose paid period ended without a renewal, retry the keys an empty pool owed, and
find channel subscribers still without an invite link (a crash between payment and link).

A lapse is one guarded UPDATE (still live, still expired), so a renewal landing at the same
moment either comes first (the subscription is no longer expired: nothing happens) or second
(it finds the subscription lapsed and gives access again).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.timezone import now as utc_now
from tortoise.transactions import in_transaction

from nanostore.db.models import Product, Subscription
from nanostore.db.models.enums import SubscriptionAccess, SubscriptionStatus

from . import subscriptions
from .outbox import notify_admins, notify_user

# Telegram renews at the end of the period; its update may come a little later.
GRACE = timedelta(minutes=10)
INVITE_AFTER = timedelta(seconds=30)  # the payment's own handler makes the link before this
BATCH = 50


async def due(now: datetime | None = None) -> list[Subscription]:
    cutoff = (now or utc_now()) - GRACE
    return await (Subscription.filter(status__in=subscriptions.LIVE, expires_at__lt=cutoff)
                  .order_by("expires_at").limit(BATCH))


async def lapse(subscription_id: int, now: datetime | None = None) -> Subscription | None:
    """Marks it lapsed and tells the customer; the lapsed row, or None when a renewal (or
    another run) got there first. The bot then removes CHANNEL access."""
    cutoff = (now or utc_now()) - GRACE
    async with in_transaction():
        changed = await Subscription.filter(id=subscription_id, status__in=subscriptions.LIVE,
                                            expires_at__lt=cutoff).update(
            status=SubscriptionStatus.LAPSED)
        if not changed:
            return None
        sub = await Subscription.get(id=subscription_id)
        name = await Product.filter(id=sub.product_id).values_list("name", flat=True)
        await notify_user(sub.user_id, "subscription_lapsed", product_name=name[0] if name else "",
                          product_id=sub.product_id)
        return sub


async def access_not_removed(sub: Subscription) -> None:
    """Telegram refused to remove the member (the bot lost its rights): admins do it by hand."""
    await notify_admins("subscription_access_kept", subscription_id=sub.id, user_id=sub.user_id,
                        chat_id=sub.chat_id)


async def retry_owed_keys() -> int:
    handed = 0
    for sub in await Subscription.filter(keys_owed__gt=0, status=SubscriptionStatus.ACTIVE,
                                         access=SubscriptionAccess.KEY).limit(BATCH):
        async with in_transaction():
            handed += await subscriptions.hand_key(sub)
    return handed


async def without_invite(now: datetime | None = None) -> list[Subscription]:
    before = (now or utc_now()) - INVITE_AFTER
    return await Subscription.filter(status=SubscriptionStatus.ACTIVE, invite_link=None,
                                     access=SubscriptionAccess.CHANNEL,
                                     updated_at__lt=before).limit(BATCH)


async def may_join(chat_id: int, user_id: int) -> bool | None:
    """Whether a join request to this chat comes from one of its live subscribers; None when
    no subscription gives this chat (not ours to answer)."""
    if not await Subscription.exists(chat_id=chat_id):
        return None
    return await Subscription.exists(chat_id=chat_id, user_id=user_id,
                                     status__in=subscriptions.LIVE)


async def record_invite(subscription_id: int, invite_link: str) -> bool:
    """Keeps the link and sends it through the outbox; False when one was recorded already."""
    async with in_transaction():
        if not await Subscription.filter(id=subscription_id, invite_link=None).update(
                invite_link=invite_link):
            return False
        sub = await Subscription.get(id=subscription_id)
        name = await Product.filter(id=sub.product_id).values_list("name", flat=True)
        await notify_user(sub.user_id, "subscription_invite", product_name=name[0] if name else "",
                          invite_link=invite_link, expires_at=sub.expires_at.isoformat())
        return True
