"""Monthly subscriptions paid in Telegram Stars: which products are sold so, the invoice, and
each charge (the first and every renewal) applied exactly once.

Telegram renews a subscription by itself every 30 days and tells the bot with a
successful_payment (`is_recurring`) whose payload is the first invoice's: the payload,
unique per invoice link, names the Subscription; the charge id keys the StarsPayment row and the
SubscriptionPeriod, so a replayed update or the Stars ledger's copy of it applies once. What a
period gives is the plan's: CHANNEL access (the bot layer makes the invite link and removes the
member when the subscription lapses, subscription_access.py) or a fresh KEY from the product's
delivery pool, sent through the outbox in the same transaction. The Telegram calls are the bot's.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.timezone import now as utc_now
from tortoise.transactions import in_transaction

from nanostore.db.models import (
    DeliveryItem,
    Product,
    StarsPayment,
    Subscription,
    SubscriptionPeriod,
    SubscriptionPlan,
    User,
)
from nanostore.db.models.enums import (
    StarsPaymentStatus,
    StockMode,
    SubscriptionAccess,
    SubscriptionStatus,
)

from .errors import AlreadySubscribed, NotASubscription, PaymentMismatch
from .outbox import notify_admins, notify_user

CURRENCY = "XTR"
PAYLOAD_PREFIX = "sub:"
PERIOD_SECONDS = 2592000  # 30 days: the only period Telegram allows
PERIOD = timedelta(seconds=PERIOD_SECONDS)
LIVE = (SubscriptionStatus.ACTIVE, SubscriptionStatus.CANCELED)


@dataclass(frozen=True)
class Offer:
    payload: str
    amount: int
    title: str
    currency: str = CURRENCY
    period: int = PERIOD_SECONDS


@dataclass(frozen=True)
class Outcome:
    status: StarsPaymentStatus
    subscription_id: int | None
    first_time: bool = True  # False: this charge was applied before (a replay)
    needs_refund: bool = False  # the bot refunds the charge (refundStarPayment)
    cancel_charge: str | None = None  # the bot stops this Telegram subscription renewing
    needs_invite: bool = False  # CHANNEL access to give: the bot sends an invite link


def is_payload(payload: str | None) -> bool:
    return bool(payload) and str(payload).startswith(PAYLOAD_PREFIX)


def product_id_from(payload: str) -> int | None:
    parts = payload.removeprefix(PAYLOAD_PREFIX).split(":")
    return int(parts[0]) if is_payload(payload) and parts[0].isdigit() else None


async def plan_of(product_id: int) -> SubscriptionPlan | None:
    return await SubscriptionPlan.get_or_none(product_id=product_id)


async def card_offer(product_id: int) -> int | None:
    """The monthly Stars price the product card offers (None: not a subscription), in one
    statement: the card's SQL budget is small."""
    rows = await SubscriptionPlan.filter(product_id=product_id, product__stars_price__gt=0).values(
        "product__stars_price")
    return rows[0]["product__stars_price"] if rows else None


async def live_one(user_id: int, product_id: int) -> Subscription | None:
    """The customer's subscription to this product that still gives access, if any."""
    return await Subscription.filter(user_id=user_id, product_id=product_id,
                                     status__in=LIVE).first()


async def _sellable(product_id: int) -> tuple[Product, SubscriptionPlan]:
    product = await Product.get_or_none(id=product_id, is_active=True)
    plan = await plan_of(product_id) if product else None
    if product is None or plan is None or not product.stars_price or (
            plan.access is SubscriptionAccess.CHANNEL and not plan.chat_id):
        raise NotASubscription(product_id=product_id)
    return product, plan


async def offer(product_id: int, user_id: int) -> Offer:
    """The invoice to subscribe with; refused while the customer's subscription still runs
    (they resume it from My subscriptions instead of paying twice)."""
    product, _ = await _sellable(product_id)
    if await live_one(user_id, product_id):
        raise AlreadySubscribed(product_id=product_id)
    assert product.stars_price is not None  # _sellable checked it
    payload = f"{PAYLOAD_PREFIX}{product_id}:{secrets.token_hex(6)}"
    return Offer(payload=payload, amount=product.stars_price, title=product.name[:32])


async def validate_pre_checkout(payload: str, user_id: int, total_amount: int,
                                currency: str) -> str | None:
    """None to accept the first payment; otherwise the error code (renewals have no
    pre-checkout: Telegram takes them by itself)."""
    product_id = product_id_from(payload)
    try:
        product, _ = await _sellable(product_id or 0)
    except NotASubscription as error:
        return error.code
    if await live_one(user_id, product.id):
        return AlreadySubscribed.code
    if currency != CURRENCY or total_amount != product.stars_price:
        return PaymentMismatch.code
    return None


async def apply_charge(charge_id: str, payload: str, user_id: int, amount: int,
                       expires_at: datetime | None = None, first: bool | None = None) -> Outcome:
    """A subscription's charge, from its successful_payment (`first` is is_first_recurring) or
    from the Stars ledger (first unknown, expiry a period from now). Applied once."""
    if await StarsPayment.exists(charge_id=charge_id):
        return await _replayed(charge_id)
    await User.get_or_create(id=user_id)
    try:
        async with in_transaction():
            await StarsPayment.create(charge_id=charge_id, user_id=user_id, amount=amount,
                                      payload=payload[:128], status=StarsPaymentStatus.ORPHAN)
            return await _apply(charge_id, payload, user_id, amount, expires_at, first)
    except IntegrityError:
        if await StarsPayment.exists(charge_id=charge_id):
            return await _replayed(charge_id)
        raise


async def _replayed(charge_id: str) -> Outcome:
    payment = await StarsPayment.get(charge_id=charge_id)
    period = await SubscriptionPeriod.get_or_none(charge_id=charge_id)
    return Outcome(payment.status, period.subscription_id if period else None, first_time=False)


async def _apply(charge_id: str, payload: str, user_id: int, amount: int,
                 expires_at: datetime | None, first: bool | None) -> Outcome:
    sub = await Subscription.get_or_none(payload=payload)
    if sub is not None and sub.user_id != user_id:
        sub = None
        first = False  # someone else's payload: nothing of theirs to start
    if sub is None and first is not False:
        return await _start(charge_id, payload, user_id, amount, expires_at or utc_now() + PERIOD)
    if sub is None:
        await notify_admins("subscription_unknown", charge_id=charge_id, user_id=user_id,
                            amount=amount, payload=payload)
        return Outcome(StarsPaymentStatus.ORPHAN, None)
    if first and sub.status in LIVE:
        return await _duplicate(charge_id, user_id, amount, sub, stop_it=True)
    if sub.status is SubscriptionStatus.CANCELED:
        # Cancelled through the bot, yet renewed (the cancel crossed the renewal): not wanted.
        return await _duplicate(charge_id, user_id, amount, sub, stop_it=False)
    # From the ledger the new end is unknown: a period after the one paid before.
    return await _extend(charge_id, amount, sub, expires_at or sub.expires_at + PERIOD, first)


async def _start(charge_id: str, payload: str, user_id: int, amount: int,
                 expires_at: datetime) -> Outcome:
    product_id = product_id_from(payload)
    plan = await plan_of(product_id) if product_id else None
    if plan is None:
        await notify_admins("subscription_unknown", charge_id=charge_id, user_id=user_id,
                            amount=amount, payload=payload)
        return Outcome(StarsPaymentStatus.ORPHAN, None, cancel_charge=charge_id)
    live = await live_one(user_id, plan.product_id)
    if live is not None:  # two invoices paid at once: keep one subscription
        return await _duplicate(charge_id, user_id, amount, live, stop_it=True)
    sub = await Subscription.create(
        user_id=user_id, product_id=plan.product_id, payload=payload[:128], charge_id=charge_id,
        access=plan.access, chat_id=plan.chat_id, amount=amount,
        status=SubscriptionStatus.ACTIVE, expires_at=expires_at)
    await _record_period(charge_id, amount, sub, expires_at)
    return Outcome(StarsPaymentStatus.APPLIED, sub.id,
                   needs_invite=plan.access is SubscriptionAccess.CHANNEL)


async def _duplicate(charge_id: str, user_id: int, amount: int, sub: Subscription, *,
                     stop_it: bool) -> Outcome:
    await StarsPayment.filter(charge_id=charge_id).update(status=StarsPaymentStatus.DUPLICATE)
    await notify_admins("subscription_refunded", charge_id=charge_id, user_id=user_id,
                        amount=amount, subscription_id=sub.id, cancelled=not stop_it)
    return Outcome(StarsPaymentStatus.DUPLICATE, sub.id, needs_refund=True,
                   cancel_charge=charge_id if stop_it else None)


async def _extend(charge_id: str, amount: int, sub: Subscription, expires_at: datetime,
                  first: bool | None) -> Outcome:
    lapsed = sub.status is SubscriptionStatus.LAPSED
    changes: dict = {"status": SubscriptionStatus.ACTIVE, "periods": F("periods") + 1,
                     "expires_at": max(expires_at, sub.expires_at)}
    if first:  # the same link paid again after a lapse: Telegram's new subscription
        changes["charge_id"] = charge_id
    if lapsed:
        changes["invite_link"] = None
    await Subscription.filter(id=sub.id).update(**changes)
    await _record_period(charge_id, amount, sub, expires_at)
    return Outcome(StarsPaymentStatus.APPLIED, sub.id,
                   needs_invite=lapsed and sub.access is SubscriptionAccess.CHANNEL)


async def _record_period(charge_id: str, amount: int, sub: Subscription,
                         expires_at: datetime) -> None:
    await StarsPayment.filter(charge_id=charge_id).update(status=StarsPaymentStatus.APPLIED)
    period = await SubscriptionPeriod.create(subscription_id=sub.id, charge_id=charge_id,
                                             amount=amount, expires_at=expires_at)
    if sub.access is SubscriptionAccess.KEY:
        await hand_key(sub, period)


async def hand_key(sub: Subscription, period: SubscriptionPeriod | None = None) -> bool:
    """The next item of the pool to the subscriber, through the outbox. With `period` (a new
    one) an empty pool leaves its key owed (keys_owed: the access job retries) and tells admins
    and the customer; without, this is that retry, for the oldest period still owed."""
    item = await _claim_item(sub.product_id)
    if item is None:
        if period is not None:
            await Subscription.filter(id=sub.id).update(keys_owed=F("keys_owed") + 1)
            name = await _name(sub.product_id)
            await notify_admins("subscription_pool_empty", product_id=sub.product_id,
                                product_name=name, user_id=sub.user_id, subscription_id=sub.id)
            await notify_user(sub.user_id, "subscription_key_owed", product_name=name)
        return False
    if period is None:
        period = await (SubscriptionPeriod.filter(subscription_id=sub.id, item_id=None)
                        .order_by("id").first())
        await Subscription.filter(id=sub.id, keys_owed__gt=0).update(keys_owed=F("keys_owed") - 1)
    if period is not None:
        await SubscriptionPeriod.filter(id=period.id).update(item_id=item.id)
    name = await _name(sub.product_id)
    await notify_user(sub.user_id, "subscription_key", product_name=name, items=[
        {"kind": str(item.kind), "content": item.content, "file_name": item.file_name,
         "product_name": name}])
    return True


async def _name(product_id: int) -> str:
    names = await Product.filter(id=product_id).values_list("name", flat=True)
    return str(names[0]) if names else ""


async def _claim_item(product_id: int) -> DeliveryItem | None:
    """Takes the oldest unclaimed item out of the product's pool (it keeps no product, so no
    order line and no other period can claim it again); counted stock goes down with it."""
    waiting = DeliveryItem.filter(product_id=product_id, order_line_id=None)
    for item in await waiting.order_by("id").limit(3):
        if await DeliveryItem.filter(id=item.id, product_id=product_id, order_line_id=None).update(
                product_id=None, delivered_at=utc_now()):
            await Product.filter(id=product_id, stock_mode=StockMode.COUNTED, stock__gt=0).update(
                stock=F("stock") - 1)
            return item
    return None
