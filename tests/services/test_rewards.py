import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from nanostore.db.models import LedgerEntry, RewardClaim, User
from nanostore.db.models.enums import LedgerReason
from nanostore.services import rewards
from nanostore.services import settings as shop_settings
from nanostore.services.errors import NotFound, RewardDisabled, RewardNotReady

NOON = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)


async def ledger_sum(user_id: int) -> int:
    return sum(await LedgerEntry.filter(user_id=user_id).values_list("amount", flat=True))


@pytest.fixture
async def shop(db):
    await shop_settings.update("daily_reward", 50)
    await User.create(id=10, first_name="Ann")


async def test_first_claim_credits_the_reward(shop):
    claimed = await rewards.claim_daily(10, now=NOON)
    assert (claimed.amount, claimed.balance) == (50, 50)
    assert claimed.next_claim_at == NOON + timedelta(hours=24)
    entry = await LedgerEntry.get(user_id=10)
    assert entry.reason == LedgerReason.DAILY_REWARD
    assert (await RewardClaim.get(user_id=10)).amount == 50


async def test_second_claim_within_a_day_is_refused_with_time_left(shop):
    await rewards.claim_daily(10, now=NOON)
    with pytest.raises(RewardNotReady) as error:
        await rewards.claim_daily(10, now=NOON + timedelta(hours=23, minutes=59, seconds=30))
    assert error.value.params["seconds_left"] == 30
    assert (await User.get(id=10)).balance == 50


async def test_claim_after_exactly_a_day_works(shop):
    await rewards.claim_daily(10, now=NOON)
    claimed = await rewards.claim_daily(10, now=NOON + timedelta(hours=24))
    assert claimed.balance == 100 == await ledger_sum(10)
    assert await RewardClaim.filter(user_id=10).count() == 2


async def test_fifty_parallel_claims_pay_once(shop):
    async def claim():
        try:
            await rewards.claim_daily(10)
            return True
        except RewardNotReady:
            return False

    assert sum(await asyncio.gather(*(claim() for _ in range(50)))) == 1
    assert (await User.get(id=10)).balance == 50 == await ledger_sum(10)
    assert await RewardClaim.filter(user_id=10).count() == 1


async def test_zero_reward_means_disabled(db):
    await User.create(id=10, first_name="Ann")
    with pytest.raises(RewardDisabled):
        await rewards.claim_daily(10)
    assert (await User.get(id=10)).last_reward_at is None
    assert not (await rewards.status(10)).ready


async def test_unknown_user(shop):
    with pytest.raises(NotFound):
        await rewards.claim_daily(404)
    with pytest.raises(NotFound):
        await rewards.status(404)


async def test_status_before_and_after_claim(shop):
    before = await rewards.status(10, now=NOON)
    assert before.ready and before.amount == 50 and before.next_claim_at is None
    await rewards.claim_daily(10, now=NOON)
    after = await rewards.status(10, now=NOON + timedelta(hours=1))
    assert not after.ready and after.seconds_left == 23 * 3600
    assert after.next_claim_at == NOON + timedelta(hours=24)


async def test_naive_now_is_taken_as_utc(shop):
    await rewards.claim_daily(10, now=NOON.replace(tzinfo=None))
    assert (await rewards.status(10, now=NOON)).seconds_left == 24 * 3600
