"""Who follows what happens to orders and wallets, in the order they run.

Read top to bottom, this answers "what happens after a payment?": the customer and the admins
are told, the referrer is rewarded, the order is delivered, and delivering sends the items.
Each follower runs inside the transaction that published the event (events.publish).
"""

from __future__ import annotations

from . import audit, delivery, referrals, stock_alerts
from .events import (
    ItemsDelivered,
    OrderCancelled,
    OrderPaid,
    ProductAvailable,
    TopUpCredited,
    follow,
)
from .outbox import notify_admins, notify_user

# After a payment


@follow(OrderPaid)
async def tell_the_customer_it_is_paid(event: OrderPaid) -> None:
    await notify_user(event.user_id, "payment_approved", order_id=event.order_id,
                      amount=event.amount, currency=event.currency, via=event.via)


@follow(OrderPaid)
async def tell_the_admins_it_is_paid(event: OrderPaid) -> None:
    await notify_admins("order_paid", order_id=event.order_id, user_id=event.user_id,
                        amount=event.amount, currency=event.currency, via=event.via)


@follow(OrderPaid)
async def reward_the_referrer(event: OrderPaid) -> None:
    await referrals.reward_first_paid_order(event.user_id, event.order_id)


@follow(OrderPaid)
async def deliver_what_the_pool_holds(event: OrderPaid) -> None:
    await delivery.deliver_order(event.order_id)


# After a delivery (from the pool, or by an admin's hand)


@follow(ItemsDelivered)
async def send_the_items(event: ItemsDelivered) -> None:
    await notify_user(event.user_id, "order_delivered", order_id=event.order_id, items=event.items)


@follow(ItemsDelivered)
async def record_a_delivery_by_hand(event: ItemsDelivered) -> None:
    if event.admin_id is not None:
        await audit.record(event.admin_id, "order.deliver_manually", event.order_id,
                           after={"line_id": event.items[0]["line_id"]})


# After a cancellation (what it took is given back by the canceller, in the same transaction)


@follow(OrderCancelled)
async def tell_the_customer_it_is_cancelled(event: OrderCancelled) -> None:
    by = "admin" if event.admin_id else "expired" if event.expired else "customer"
    await notify_user(event.user_id, "order_status", order_id=event.order_id,
                      status="cancelled", by=by)


@follow(OrderCancelled)
async def record_a_cancellation_by_an_admin(event: OrderCancelled) -> None:
    if event.admin_id is not None:
        await audit.record(event.admin_id, "order.cancel", event.order_id,
                           before={"status": event.previous_status}, after={"status": "cancelled"})


# After a top-up is credited (approved by an admin, or paid in Stars, by card or in crypto)


@follow(TopUpCredited)
async def tell_the_customer_it_is_credited(event: TopUpCredited) -> None:
    extra = {f"via_{event.via}": True} if event.via in ("stars", "card", "crypto") else {}
    await notify_user(event.user_id, "topup_approved", topup_id=event.topup_id, amount=event.amount,
                      bonus=event.bonus, balance=event.balance, **extra)


# After a product may have become buyable again (restocked, keys added, shown again)


@follow(ProductAvailable)
async def tell_who_waits_for_it(event: ProductAvailable) -> None:
    await stock_alerts.tell_the_waiting(event.product_id)
