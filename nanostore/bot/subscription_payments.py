"""The Telegram side of Stars subscriptions (services/subscriptions.py keeps the rules): after a
charge is applied, refund a duplicate, stop a subscription Telegram should not renew, send a
channel subscriber their invite link and let in by it only them (join requests); and the
cancel/resume call for My subscriptions.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ChatJoinRequest

from nanostore.db.models import Subscription
from nanostore.db.models.enums import StarsPaymentStatus
from nanostore.services import stars, subscription_lapse, subscriptions

log = logging.getLogger(__name__)

INVITE_NAME_MAX = 32


async def apply_charge(bot: Bot, charge_id: str, payload: str, user_id: int, amount: int, t,
                       notifier=None, expires: int | None = None,
                       first: bool | None = None) -> subscriptions.Outcome:
    """`expires` is the payment's subscription_expiration_date (unknown from the ledger)."""
    expires_at = datetime.fromtimestamp(expires, UTC) if expires else None
    outcome = await subscriptions.apply_charge(charge_id, payload, user_id, amount, expires_at, first)
    if outcome.first_time:
        await _after(bot, outcome, charge_id, user_id, t)
    if notifier is not None:
        notifier.wake()
    return outcome


async def _after(bot: Bot, outcome: subscriptions.Outcome, charge_id: str, user_id: int, t) -> None:
    if outcome.cancel_charge:
        await _call(bot.edit_user_star_subscription(user_id, outcome.cancel_charge, True),
                    "stop the subscription of charge %s", outcome.cancel_charge)
    if outcome.needs_refund:
        if await _call(bot.refund_star_payment(user_id=user_id, telegram_payment_charge_id=charge_id),
                       "refund subscription charge %s", charge_id):
            await stars.mark_refunded(charge_id)
            await _tell(bot, user_id, t("subscriptions.refunded"))
    elif outcome.status is StarsPaymentStatus.ORPHAN:
        await _tell(bot, user_id, t("subscriptions.orphan"))
    if outcome.needs_invite and outcome.subscription_id is not None:
        await give_invite(bot, outcome.subscription_id)


def join_requests_router() -> Router:
    router = Router(name="subscription_join_requests")
    router.chat_join_request.register(answer_join_request)
    return router


async def answer_join_request(request: ChatJoinRequest) -> None:
    """Subscribers' links ask the bot first: only a subscriber of that chat gets in, so a link
    passed on lets nobody else in. Requests to chats that sell no subscription are left alone."""
    allowed = await subscription_lapse.may_join(request.chat.id, request.from_user.id)
    if allowed is None:
        return
    await _call(request.approve() if allowed else request.decline(),
                "answer the join request of %s", request.from_user.id)


async def give_invite(bot: Bot, subscription_id: int) -> bool:
    """The subscriber's link (joining by it asks the bot, which lets in only them), valid while
    the period lasts, sent through the outbox."""
    sub = await Subscription.get(id=subscription_id)
    if sub.chat_id is None or sub.invite_link:
        return False
    try:
        link = await bot.create_chat_invite_link(
            sub.chat_id, name=f"Subscription {sub.id}"[:INVITE_NAME_MAX],
            expire_date=sub.expires_at, creates_join_request=True)
    except TelegramAPIError:  # the bot lost its rights there: the access job tries again
        log.exception("could not make an invite link for subscription %s", sub.id)
        return False
    return await subscription_lapse.record_invite(sub.id, link.invite_link)


async def remove_access(bot: Bot, sub: Subscription) -> bool:
    """Out of the channel, yet free to join again with a new subscription's link."""
    if sub.chat_id is None:
        return True
    return (await _call(bot.ban_chat_member(sub.chat_id, sub.user_id), "remove %s", sub.user_id)
            and await _call(bot.unban_chat_member(sub.chat_id, sub.user_id, only_if_banned=True),
                            "unban %s", sub.user_id))


async def switch(bot: Bot, user_id: int, subscription_id: int, cancel: bool) -> bool:
    """Cancel or resume renewals at Telegram, then in the shop; True when it changed now."""
    from nanostore.services import subscription_views

    sub = await subscription_views.check_can_switch(subscription_id, user_id, cancel)
    await bot.edit_user_star_subscription(user_id, sub.charge_id, cancel)
    return await subscription_views.record_switch(sub.id, cancel)


async def _call(call, what: str, *args) -> bool:
    try:
        await call
    except TelegramAPIError:
        log.exception("could not " + what, *args)
        return False
    return True


async def _tell(bot: Bot, user_id: int, text: str) -> None:
    try:
        await bot.send_message(user_id, text)
    except TelegramAPIError as error:  # recorded already; a note that cannot go is no loss
        log.info("could not tell subscriber %s: %s", user_id, error)
