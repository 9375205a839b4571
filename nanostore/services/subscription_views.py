"""Subscriptions as people see them: the admin's plan of a product, the customer's list with
cancel and resume (the Telegram call itself is the bot's: editUserStarSubscription), and the
admin's subscribers and revenue per product."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.functions import Count
from tortoise.timezone import now as utc_now

from nanostore.db.models import Product, StarsPayment, Subscription, SubscriptionPeriod, SubscriptionPlan
from nanostore.db.models.enums import StarsPaymentStatus, SubscriptionAccess, SubscriptionStatus
from nanostore.domain.staff import Actor

from . import audit, staff
from .errors import InvalidInput, InvalidTransition, NotFound

CATALOG = "catalog"  # the staff role that sets a product's plan


@dataclass(frozen=True)
class Row:
    id: int
    product_id: int
    product_name: str
    status: str
    expires_at: datetime
    amount: int
    access: str
    invite_link: str | None


async def set_plan(product_id: int, access: SubscriptionAccess | str | None,
                   chat_id: int | None = None, *, by: Actor | None = None) -> SubscriptionPlan | None:
    """Sells the product as a monthly subscription giving `access` (None: back to the cart).
    CHANNEL needs the chat's id (the bot layer checks first that the bot administers it)."""
    staff.check(by, CATALOG)
    if not await Product.exists(id=product_id):
        raise NotFound(entity="product", id=product_id)
    if access is None:
        await SubscriptionPlan.filter(product_id=product_id).delete()
        return None
    kind = SubscriptionAccess(access)
    if kind is SubscriptionAccess.CHANNEL and not chat_id:
        raise InvalidInput(field="chat_id", reason="required")
    chat = chat_id if kind is SubscriptionAccess.CHANNEL else None
    plan, created = await SubscriptionPlan.get_or_create(
        product_id=product_id, defaults={"access": kind, "chat_id": chat})
    if not created:
        plan.access, plan.chat_id = kind, chat
        await plan.save(update_fields=["access", "chat_id", "updated_at"])
    if by is not None:
        await audit.record(by.id, "product.subscription", product_id,
                           after={"access": str(kind), "chat_id": chat})
    return plan


async def of_user(user_id: int) -> list[Row]:
    """Newest first: what each gives and until when."""
    subs = await Subscription.filter(user_id=user_id).order_by("-created_at").limit(20)
    names = dict(await Product.filter(id__in={s.product_id for s in subs}).values_list("id", "name"))
    return [Row(s.id, s.product_id, str(names.get(s.product_id, "")), str(s.status), s.expires_at,
                s.amount, str(s.access), s.invite_link) for s in subs]


async def owned(subscription_id: int, user_id: int) -> Subscription:
    sub = await Subscription.get_or_none(id=subscription_id, user_id=user_id)
    if sub is None:
        raise NotFound(entity="subscription", id=subscription_id)
    return sub


async def check_can_switch(subscription_id: int, user_id: int, cancel: bool) -> Subscription:
    """Before the bot asks Telegram: only a running subscription can be cancelled, only a
    cancelled one whose period has not ended can be resumed."""
    sub = await owned(subscription_id, user_id)
    wanted = SubscriptionStatus.ACTIVE if cancel else SubscriptionStatus.CANCELED
    if sub.status is not wanted or (not cancel and sub.expires_at <= utc_now()):
        target = "canceled" if cancel else "active"
        raise InvalidTransition(subscription_id=sub.id, current=str(sub.status), to=target)
    return sub


async def record_switch(subscription_id: int, cancel: bool) -> bool:
    """After Telegram agreed; True when this call changed it (a double tap changes it once)."""
    before, after = ((SubscriptionStatus.ACTIVE, SubscriptionStatus.CANCELED) if cancel
                     else (SubscriptionStatus.CANCELED, SubscriptionStatus.ACTIVE))
    return await Subscription.filter(id=subscription_id, status=before).update(status=after) == 1


@dataclass(frozen=True)
class ProductStats:
    active: int
    canceled: int
    lapsed: int
    revenue: int  # Stars received for this product's periods, refunds excluded
    periods: int


async def product_stats(product_id: int, *, by: Actor | None = None) -> ProductStats:
    staff.check(by, CATALOG)
    counts = dict(await Subscription.filter(product_id=product_id).annotate(n=Count("id"))
                  .group_by("status").values_list("status", "n"))
    paid = dict(await SubscriptionPeriod.filter(subscription__product_id=product_id)
                .values_list("charge_id", "amount"))
    refunded = set(await StarsPayment.filter(charge_id__in=list(paid),
                                             status=StarsPaymentStatus.REFUNDED)
                   .values_list("charge_id", flat=True))
    kept = [amount for charge_id, amount in paid.items() if charge_id not in refunded]
    return ProductStats(active=counts.get(SubscriptionStatus.ACTIVE, 0),
                        canceled=counts.get(SubscriptionStatus.CANCELED, 0),
                        lapsed=counts.get(SubscriptionStatus.LAPSED, 0),
                        revenue=sum(kept), periods=len(kept))
