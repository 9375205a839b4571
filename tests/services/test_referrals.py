import asyncio
import re
from datetime import timedelta

import pytest
from tortoise.timezone import now as utc_now

from nanostore.db.models import LedgerEntry, Order, OutboxMessage, Referral, User
from nanostore.db.models.enums import LedgerReason, PaymentStatus
from nanostore.services import referrals
from nanostore.services import settings as shop_settings
from nanostore.services.errors import NotFound, SelfReferral


async def paid_order(user_id: int) -> int:
    order = await Order.create(user_id=user_id, subtotal=100, amount_due=0, currency="USD",
                               payment_status=PaymentStatus.PAID)
    return order.id


@pytest.fixture
async def shop(db):
    await shop_settings.update("referral_reward", 75)
    await User.create(id=1, first_name="Referrer")
    await User.create(id=2, first_name="Newcomer")


def test_payload_is_a_valid_start_parameter():
    payload = referrals.link_payload(9_223_372_036_854_775_807)
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload)
    assert referrals.referrer_from_payload(payload) == 9_223_372_036_854_775_807
    assert referrals.referrer_from_payload("product_5") is None
    assert referrals.referrer_from_payload(None) is None


async def test_attach_links_new_person_and_tells_referrer(shop):
    referral = await referrals.attach_referrer(2, referrals.link_payload(1))
    assert referral.referrer_id == 1
    assert (await User.get(id=2)).referrer_id == 1
    assert (await OutboxMessage.get(kind="referral_joined")).chat_id == 1


async def test_self_referral_is_refused(shop):
    with pytest.raises(SelfReferral):
        await referrals.attach_referrer(2, "ref2")
    assert await Referral.all().count() == 0


async def test_unknown_referrer_and_other_payloads_are_ignored(shop):
    assert await referrals.attach_referrer(2, "ref999") is None
    assert await referrals.attach_referrer(2, "ref") is None
    assert await referrals.attach_referrer(2, "promo") is None
    assert (await User.get(id=2)).referrer_id is None


async def test_second_referrer_and_old_customers_are_ignored(shop):
    await User.create(id=3, first_name="Other")
    await referrals.attach_referrer(2, "ref1")
    assert await referrals.attach_referrer(2, "ref3") is None
    assert (await User.get(id=2)).referrer_id == 1
    await User.create(id=4, first_name="Old", joined_at=utc_now() - timedelta(days=30))
    assert await referrals.attach_referrer(4, "ref1") is None


async def test_parallel_attach_creates_one_referral(shop):
    await User.create(id=3, first_name="Other")
    results = await asyncio.gather(*(referrals.attach_referrer(2, f"ref{1 + n % 2 * 2}")
                                     for n in range(10)))
    assert sum(result is not None for result in results) == 1
    assert await Referral.all().count() == 1


async def test_first_paid_order_rewards_referrer_once(shop):
    await referrals.attach_referrer(2, "ref1")
    assert await referrals.reward_first_paid_order(2, await paid_order(2)) == 75
    assert await referrals.reward_first_paid_order(2, await paid_order(2)) is None
    referrer = await User.get(id=1)
    assert referrer.balance == 75
    entry = await LedgerEntry.get(user_id=1)
    assert entry.reason == LedgerReason.REFERRAL_REWARD
    notice = await OutboxMessage.get(kind="referral_rewarded")
    assert notice.chat_id == 1 and notice.payload["amount"] == 75


async def test_parallel_rewards_pay_once(shop):
    await referrals.attach_referrer(2, "ref1")
    order_id = await paid_order(2)
    results = await asyncio.gather(*(referrals.reward_first_paid_order(2, order_id) for _ in range(20)))
    assert [result for result in results if result] == [75]
    assert (await User.get(id=1)).balance == 75
    assert await LedgerEntry.filter(user_id=1).count() == 1


async def test_no_referral_no_reward(shop):
    assert await referrals.reward_first_paid_order(2, await paid_order(2)) is None
    assert await LedgerEntry.all().count() == 0


async def test_unpaid_or_foreign_order_is_refused(shop):
    await referrals.attach_referrer(2, "ref1")
    unpaid = await Order.create(user_id=2, subtotal=100, amount_due=100, currency="USD")
    with pytest.raises(NotFound):
        await referrals.reward_first_paid_order(2, unpaid.id)
    with pytest.raises(NotFound):
        await referrals.reward_first_paid_order(2, await paid_order(1))
    assert (await Referral.get(referred_id=2)).rewarded_at is None


async def test_zero_reward_consumes_first_order_without_credit(shop):
    await shop_settings.update("referral_reward", 0)
    await referrals.attach_referrer(2, "ref1")
    assert await referrals.reward_first_paid_order(2, await paid_order(2)) == 0
    await shop_settings.update("referral_reward", 75)
    assert await referrals.reward_first_paid_order(2, await paid_order(2)) is None
    assert await LedgerEntry.all().count() == 0


async def test_stats(shop):
    assert await referrals.stats(1) == referrals.ReferralStats(0, 0, 0)
    for user_id in (3, 4, 5):
        await User.create(id=user_id, first_name=f"U{user_id}")
        await referrals.attach_referrer(user_id, "ref1")
    await referrals.reward_first_paid_order(3, await paid_order(3))
    await referrals.reward_first_paid_order(4, await paid_order(4))
    assert await referrals.stats(1) == referrals.ReferralStats(invited=3, rewarded=2, earned=150)
