"""Referrals: a start link per person, attached on registration, rewarded on a first paid order.

The reward is claimed by a conditional UPDATE on `referrals.rewarded_at IS NULL` in the
transaction that credits the referrer, so two payment confirmations racing reward once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.functions import Sum
from tortoise.timezone import now as utc_now
from tortoise.transactions import in_transaction

from nanostore.db.models import Order, Referral, User
from nanostore.db.models.enums import LedgerReason, PaymentStatus

from . import ledger
from . import settings as shop_settings
from .errors import NotFound, SelfReferral
from .outbox import notify_user

PAYLOAD_PREFIX = "ref"
PAYLOAD = re.compile(rf"^{PAYLOAD_PREFIX}(\d{{1,19}})$")
# Only a person who has just registered can be referred: an old customer opening someone's
# link later must not become that person's referral.
NEW_USER_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class ReferralStats:
    invited: int
    rewarded: int
    earned: int


def link_payload(user_id: int) -> str:
    return f"{PAYLOAD_PREFIX}{user_id}"


def referrer_from_payload(payload: str | None) -> int | None:
    match = PAYLOAD.match(payload or "")
    return int(match.group(1)) if match else None


async def attach_referrer(new_user_id: int, payload: str | None) -> Referral | None:
    """None when the payload is not a referral link, or names nobody, or the person is not new."""
    referrer_id = referrer_from_payload(payload)
    if referrer_id is None:
        return None
    if referrer_id == new_user_id:
        raise SelfReferral()
    if not await User.exists(id=referrer_id):
        return None
    try:
        async with in_transaction():
            fresh = User.filter(id=new_user_id, referrer_id=None,
                                joined_at__gte=utc_now() - NEW_USER_WINDOW)
            if await fresh.update(referrer_id=referrer_id) != 1:
                return None
            referral = await Referral.create(referrer_id=referrer_id, referred_id=new_user_id)
            await notify_user(referrer_id, "referral_joined", referred_id=new_user_id)
            return referral
    except IntegrityError:  # a parallel attach of the same person won
        return None


async def reward_first_paid_order(user_id: int, order_id: int) -> int | None:
    """Credit the referrer of `user_id` once; returns the amount, or None when nothing was due.

    Call it when the order is marked paid (inside that transaction is fine). A reward of 0 in
    the settings still consumes the first paid order, so turning rewards on later does not pay
    for people who had already bought.
    """
    if not await Order.exists(id=order_id, user_id=user_id, payment_status=PaymentStatus.PAID):
        raise NotFound(entity="paid_order", id=order_id)
    amount = (await shop_settings.load()).referral_reward
    async with in_transaction():
        claimed = await Referral.filter(referred_id=user_id, rewarded_at=None).update(
            rewarded_at=utc_now(), reward_amount=amount, rewarded_order_id=order_id)
        if claimed != 1:
            return None
        if amount == 0:
            return 0
        referral = await Referral.get(referred_id=user_id)
        balance = await ledger.credit(referral.referrer_id, amount, LedgerReason.REFERRAL_REWARD,
                                      f"referral:{user_id}")
        await notify_user(referral.referrer_id, "referral_rewarded", referred_id=user_id,
                          amount=amount, balance=balance)
    return amount


async def stats(user_id: int) -> ReferralStats:
    made = Referral.filter(referrer_id=user_id)
    invited = await made.count()
    rewarded = await made.filter(rewarded_at__isnull=False).count()
    earned: Any = await made.annotate(earned=Sum("reward_amount")).first().values_list("earned", flat=True)
    return ReferralStats(invited=invited, rewarded=rewarded, earned=int(earned or 0))
