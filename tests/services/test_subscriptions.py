"""Stars subscriptions without Telegram: each charge applies once whatever repeats it, a key
subscription takes a fresh key from the pool each period, a renewal nobody can match or one for
a cancelled subscription is recorded and told, and a lapse races a renewal safely."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from nanostore.db.models import OutboxMessage, StarsPayment, Subscription, User
from nanostore.db.models.enums import StarsPaymentStatus, SubscriptionStatus
from nanostore.services import subscription_lapse, subscription_views, subscriptions
from nanostore.services.errors import AlreadySubscribed, NotASubscription
from tests.fixtures.catalog import a_product

ANN, BOB = 10, 20
MONTH = timedelta(days=30)


@pytest.fixture
async def people(db):
    await User.create(id=ANN, first_name="Ann")
    await User.create(id=BOB, first_name="Bob")


async def key_plan(keys=("K1", "K2")):
    product = await a_product("Key club", stars_price=50, keys=list(keys))
    await subscription_views.set_plan(product.id, "key")
    return product


def at(days: int) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) + timedelta(days=days)


async def kinds(user_id=None) -> list[str]:
    rows = OutboxMessage.all() if user_id is None else OutboxMessage.filter(chat_id=user_id)
    return [row.kind for row in await rows.order_by("id")]


async def test_first_charge_and_renewals_apply_once_with_a_fresh_key_each(people):
    product = await key_plan()
    offer = await subscriptions.offer(product.id, ANN)
    assert (offer.amount, offer.period) == (50, 2592000) and offer.payload.startswith("sub:")
    assert await subscriptions.validate_pre_checkout(offer.payload, ANN, 50, "XTR") is None
    assert await subscriptions.validate_pre_checkout(offer.payload, ANN, 49, "XTR") == "payment_mismatch"
    started = await subscriptions.apply_charge("c1", offer.payload, ANN, 50, at(30), first=True)
    again = await asyncio.gather(*(subscriptions.apply_charge("c2", offer.payload, ANN, 50, at(60),
                                                              first=False) for _ in range(3)))
    assert started.status is StarsPaymentStatus.APPLIED and started.first_time
    assert sorted(o.first_time for o in again) == [False, False, True]
    sub = await Subscription.get(id=started.subscription_id)
    assert (sub.periods, sub.expires_at, sub.status) == (2, at(60), SubscriptionStatus.ACTIVE)
    keys = [row.payload["items"][0]["content"] for row in
            await OutboxMessage.filter(kind="subscription_key").order_by("id")]
    assert keys == ["K1", "K2"]
    # Subscribed: a second invoice is refused, and so is its pre-checkout.
    with pytest.raises(AlreadySubscribed):
        await subscriptions.offer(product.id, ANN)
    assert await subscriptions.validate_pre_checkout(offer.payload, ANN, 50, "XTR") == "already_subscribed"


async def test_an_empty_pool_owes_the_key_and_the_job_hands_it_later(people):
    product = await key_plan(keys=["K1"])
    offer = await subscriptions.offer(product.id, ANN)
    await subscriptions.apply_charge("c1", offer.payload, ANN, 50, at(30), first=True)
    await subscriptions.apply_charge("c2", offer.payload, ANN, 50, at(60), first=False)
    assert (await Subscription.get(payload=offer.payload)).keys_owed == 1
    assert "subscription_key_owed" in await kinds(ANN)
    assert await subscription_lapse.retry_owed_keys() == 0
    from nanostore.services import delivery_pool
    await delivery_pool.add_items_from_text(product.id, "K2")
    assert await subscription_lapse.retry_owed_keys() == 1
    assert (await Subscription.get(payload=offer.payload)).keys_owed == 0
    assert await subscription_lapse.retry_owed_keys() == 0


async def test_unknown_renewal_and_a_renewal_after_cancel_are_recorded_and_told(people):
    unknown = await subscriptions.apply_charge("c9", "sub:999:abc", ANN, 50, at(30), first=False)
    assert unknown.status is StarsPaymentStatus.ORPHAN and not unknown.needs_refund
    assert await StarsPayment.filter(charge_id="c9", status=StarsPaymentStatus.ORPHAN).exists()
    product = await key_plan()
    offer = await subscriptions.offer(product.id, ANN)
    first = await subscriptions.apply_charge("c1", offer.payload, ANN, 50, at(30), first=True)
    await subscription_views.check_can_switch(first.subscription_id, ANN, cancel=True)
    assert await subscription_views.record_switch(first.subscription_id, cancel=True)
    assert not await subscription_views.record_switch(first.subscription_id, cancel=True)
    late = await subscriptions.apply_charge("c2", offer.payload, ANN, 50, at(60), first=False)
    assert late.status is StarsPaymentStatus.DUPLICATE and late.needs_refund
    sub = await Subscription.get(id=first.subscription_id)
    assert (sub.periods, sub.expires_at, sub.status) == (1, at(30), SubscriptionStatus.CANCELED)
    assert (await kinds()).count("subscription_unknown") == 1
    assert (await kinds()).count("subscription_refunded") == 1
    # Someone else's payload is not theirs to renew.
    stranger = await subscriptions.apply_charge("c3", offer.payload, BOB, 50, at(60), first=False)
    assert stranger.status is StarsPaymentStatus.ORPHAN


async def test_two_invoices_paid_at_once_keep_one_subscription(people):
    product = await key_plan()
    one, two = [await subscriptions.offer(product.id, ANN) for _ in range(2)]
    await subscriptions.apply_charge("c1", one.payload, ANN, 50, at(30), first=True)
    second = await subscriptions.apply_charge("c2", two.payload, ANN, 50, at(30), first=True)
    assert second.needs_refund and second.cancel_charge == "c2"
    assert await Subscription.filter(user_id=ANN).count() == 1


async def test_lapse_races_a_renewal_and_a_late_renewal_brings_it_back(people):
    product = await key_plan(keys=["K1", "K2", "K3"])
    offer = await subscriptions.offer(product.id, ANN)
    first = await subscriptions.apply_charge("c1", offer.payload, ANN, 50, at(-1), first=True)
    assert [s.id for s in await subscription_lapse.due()] == [first.subscription_id]
    lapsed = await asyncio.gather(*(subscription_lapse.lapse(first.subscription_id) for _ in range(2)))
    assert sum(row is not None for row in lapsed) == 1
    assert "subscription_lapsed" in await kinds(ANN)
    back = await subscriptions.apply_charge("c2", offer.payload, ANN, 50, at(29), first=False)
    sub = await Subscription.get(id=first.subscription_id)
    assert back.status is StarsPaymentStatus.APPLIED and sub.status is SubscriptionStatus.ACTIVE
    assert await subscription_lapse.due() == []
    stats = await subscription_views.product_stats(product.id)
    assert (stats.active, stats.revenue, stats.periods) == (1, 100, 2)


async def test_plans_need_a_stars_price_and_a_chat_for_channel_access(people):
    product = await a_product("Club", stars_price=None)
    with pytest.raises(Exception, match="invalid_input"):
        await subscription_views.set_plan(product.id, "channel")
    await subscription_views.set_plan(product.id, "channel", -100123)
    with pytest.raises(NotASubscription):
        await subscriptions.offer(product.id, ANN)


async def test_only_live_subscribers_of_a_chat_may_join_it_and_other_chats_are_not_ours(people):
    product = await a_product("Club", stars_price=40)
    await subscription_views.set_plan(product.id, "channel", -100123)
    offer = await subscriptions.offer(product.id, ANN)
    first = await subscriptions.apply_charge("c1", offer.payload, ANN, 40, at(30), first=True)
    assert first.needs_invite
    assert await subscription_lapse.may_join(-100123, ANN) is True
    assert await subscription_lapse.may_join(-100123, BOB) is False
    assert await subscription_lapse.may_join(-100999, ANN) is None
    await Subscription.filter(id=first.subscription_id).update(status=SubscriptionStatus.LAPSED)
    assert await subscription_lapse.may_join(-100123, ANN) is False
