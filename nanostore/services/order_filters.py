"""The admin's order filters, each meaning what its label says to an owner.

A filter is a set of fulfilment statuses and a set of payment statuses; an order matches when
both hold. So one order can match several filters: a paid order waiting for a manual key is
under "Paid" and under "To deliver". Counting groups orders once by (status, payment_status)
and asks each filter of each group, so the screen costs one query whatever the filters.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Q
from tortoise.functions import Count

from nanostore.db.models import Order
from nanostore.db.models.enums import OrderStatus as S
from nanostore.db.models.enums import PaymentStatus as P

from .paging import DEFAULT_PAGE_SIZE, Page, paginate

ANY_STATUS = frozenset(S)
ANY_PAYMENT = frozenset(P)
OPEN = frozenset({S.PENDING, S.CONFIRMED, S.PROCESSING})


@dataclass(frozen=True)
class OrderFilter:
    id: str
    statuses: frozenset[S] = ANY_STATUS
    payments: frozenset[P] = ANY_PAYMENT

    def matches(self, status: str, payment_status: str) -> bool:
        return S(status) in self.statuses and P(payment_status) in self.payments

    def query(self) -> Q:
        q = Q()
        if self.statuses != ANY_STATUS:
            q &= Q(status__in=sorted(self.statuses))
        if self.payments != ANY_PAYMENT:
            q &= Q(payment_status__in=sorted(self.payments))
        return q


# In the order the admin sees them. "Unpaid" leaves out cancelled orders (nothing is owed on
# them) but keeps an unpaid order marked delivered: the money is still owed.
FILTERS = (
    OrderFilter("all"),
    OrderFilter("unpaid", statuses=ANY_STATUS - {S.CANCELLED, S.REFUNDED},
                payments=frozenset({P.UNPAID, P.AWAITING_REVIEW})),
    OrderFilter("paid", payments=frozenset({P.PAID})),
    OrderFilter("to_deliver", statuses=OPEN, payments=frozenset({P.PAID})),
    OrderFilter("delivered", statuses=frozenset({S.DELIVERED})),
    OrderFilter("cancelled", statuses=frozenset({S.CANCELLED})),
    OrderFilter("refunded", payments=frozenset({P.REFUNDED})),
)
BY_ID = {order_filter.id: order_filter for order_filter in FILTERS}
DEFAULT = "all"


def known(filter_id: str | None) -> str:
    """The filter to show: an unknown id (a stale screen from before a rename) shows all."""
    return filter_id if filter_id in BY_ID else DEFAULT


async def counts() -> dict[str, int]:
    rows = await (Order.all().annotate(n=Count("id")).group_by("status", "payment_status")
                  .values("status", "payment_status", "n"))
    return {order_filter.id: sum(row["n"] for row in rows
                                 if order_filter.matches(row["status"], row["payment_status"]))
            for order_filter in FILTERS}


async def page(filter_id: str, page_number: int = 0,
               page_size: int = DEFAULT_PAGE_SIZE) -> Page[Order]:
    query = Order.filter(BY_ID[known(filter_id)].query())
    return await paginate(query.order_by("-created_at", "-id"), page_number, page_size)
