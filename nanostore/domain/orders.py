"""When an order can be paid, cancelled, delivered or refunded.

Each rule comes in two forms side by side: a predicate on an order, for screens and checks,
and the matching filter for a guarded UPDATE (`Order.filter(id=..., **PAYABLE).update(...)`),
whose row count decides under concurrency. Keep the two in step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nanostore.db.models.enums import OrderStatus, PaymentStatus

if TYPE_CHECKING:
    from nanostore.db.models import Order

OPEN_STATUSES = (OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.PROCESSING)
# Not settled yet: unpaid, or a payment proof waiting for an admin.
UNSETTLED = (PaymentStatus.UNPAID, PaymentStatus.AWAITING_REVIEW)
# A Stars refund may come after delivery too (the admin decides).
REFUNDABLE = (*OPEN_STATUSES, OrderStatus.DELIVERED)

# Can be marked paid: by a payment (Stars, the wallet covering all) or an approved proof.
SETTLEABLE = {"payment_status__in": UNSETTLED, "status__in": OPEN_STATUSES}
# The happy path a customer sees; cancelled and refunded orders leave it where they stopped.
TIMELINE = (OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.PROCESSING,
            OrderStatus.DELIVERED)

PAYABLE = {"payment_status": PaymentStatus.UNPAID, "status__in": OPEN_STATUSES, "amount_due__gt": 0}
CANCELLABLE_BY_CUSTOMER = {"payment_status": PaymentStatus.UNPAID, "status__in": OPEN_STATUSES}
REFUND_STARS = {"payment_status": PaymentStatus.PAID, "status__in": REFUNDABLE}
AWAITING_DELIVERY = {"payment_status": PaymentStatus.PAID, "status__in": OPEN_STATUSES}


def is_open(order: Order) -> bool:
    return order.status in OPEN_STATUSES


def is_paid(order: Order) -> bool:
    return order.payment_status == PaymentStatus.PAID


def is_payable(order: Order) -> bool:
    """Open, unpaid and something left to pay (a proof under review is not payable again)."""
    return order.payment_status == PaymentStatus.UNPAID and is_open(order) and order.amount_due > 0


def customer_can_cancel(order: Order) -> bool:
    """A customer cancels their own open order while it is unpaid; an admin any open order."""
    return order.payment_status == PaymentStatus.UNPAID and is_open(order)


def awaits_delivery(order: Order) -> bool:
    """Paid and still open: what the pool or an admin may deliver."""
    return is_paid(order) and is_open(order)


def is_refundable(order: Order) -> bool:
    """Paid, and open or delivered: a Stars charge may be refunded."""
    return is_paid(order) and order.status in REFUNDABLE


def timeline(status: OrderStatus) -> list[tuple[OrderStatus, bool]]:
    """The steps to show for an order in `status`, each with whether it was reached."""
    if status in TIMELINE:
        reached = TIMELINE.index(status)
        return [(step, index <= reached) for index, step in enumerate(TIMELINE)]
    return [(OrderStatus.PENDING, True), (status, True)]
