"""The daily reward: a fixed credit a person may claim once every 24 hours.

The claim is one conditional UPDATE of `users.last_reward_at` (empty or older than 24 h) in the
transaction that credits, so fifty taps at once pay once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.expressions import Q
from tortoise.timezone import now as utc_now
from tortoise.transactions import in_transaction

from nanostore.db.models import RewardClaim, User
from nanostore.db.models.enums import LedgerReason

from . import ledger
from . import settings as shop_settings
from .columns import column
from .errors import NotFound, RewardDisabled, RewardNotReady

INTERVAL = timedelta(hours=24)


@dataclass(frozen=True)
class Claimed:
    amount: int
    balance: int
    next_claim_at: datetime


@dataclass(frozen=True)
class RewardStatus:
    amount: int
    enabled: bool
    next_claim_at: datetime | None  # None: claimable now
    seconds_left: int

    @property
    def ready(self) -> bool:
        return self.enabled and self.seconds_left == 0


async def claim_daily(user_id: int, now: datetime | None = None) -> Claimed:
    now = _aware(now)
    amount = (await shop_settings.load()).daily_reward
    if amount == 0:
        raise RewardDisabled()
    due = Q(last_reward_at__isnull=True) | Q(last_reward_at__lte=now - INTERVAL)
    async with in_transaction():
        if await User.filter(due, id=user_id).update(last_reward_at=now) != 1:
            raise RewardNotReady(seconds_left=(await _seconds_left(user_id, now)))
        balance = await ledger.credit(user_id, amount, LedgerReason.DAILY_REWARD,
                                      f"daily:{now:%Y-%m-%d}")
        await RewardClaim.create(user_id=user_id, amount=amount, claimed_at=now)
    return Claimed(amount=amount, balance=balance, next_claim_at=now + INTERVAL)


async def status(user_id: int, now: datetime | None = None) -> RewardStatus:
    now = _aware(now)
    amount = (await shop_settings.load()).daily_reward
    seconds_left = await _seconds_left(user_id, now)
    next_claim_at = now + timedelta(seconds=seconds_left) if seconds_left else None
    return RewardStatus(amount=amount, enabled=amount > 0, next_claim_at=next_claim_at,
                        seconds_left=seconds_left)


async def _seconds_left(user_id: int, now: datetime) -> int:
    last = await column(User.filter(id=user_id), "last_reward_at")
    if not last:
        raise NotFound(entity="user", id=user_id)
    if last[0] is None:
        return 0
    return max(0, math.ceil((last[0] + INTERVAL - now).total_seconds()))


def _aware(moment: datetime | None) -> datetime:
    if moment is None:
        return utc_now()
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
