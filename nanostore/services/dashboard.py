"""Back-office numbers: what needs attention and how sales go, at a glance.

The admin panel opens often and the shop grows: every figure is counted or summed by the
database (indexed filters on status columns), never by loading rows into Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from pypika_tortoise.terms import Function as PypikaFunction
from tortoise import connections
from tortoise.expressions import F
from tortoise.functions import Function, Sum

from nanostore.db.models import Order
from nanostore.db.models.enums import PaymentStatus, ReviewStatus, TicketStatus

CHART_DAYS = 30

# One statement for the whole panel. Status values are our own enum constants, not input.
_STATS_SQL = f"""
SELECT
  (SELECT COUNT(*) FROM users) AS users,
  (SELECT COUNT(*) FROM orders) AS orders,
  (SELECT COUNT(*) FROM orders WHERE payment_status = '{PaymentStatus.PAID.value}') AS paid_orders,
  (SELECT COALESCE(SUM(subtotal - discount), 0) FROM orders
     WHERE payment_status = '{PaymentStatus.PAID.value}') AS revenue,
  (SELECT COUNT(*) FROM payment_proofs WHERE status = '{ReviewStatus.PENDING.value}') AS proofs,
  (SELECT COUNT(*) FROM wallet_topups WHERE status = '{ReviewStatus.PENDING.value}') AS topups,
  (SELECT COUNT(*) FROM tickets WHERE status = '{TicketStatus.OPEN.value}') AS tickets
"""


@dataclass(frozen=True)
class Stats:
    users: int
    orders: int
    paid_orders: int
    revenue: int  # minor units, what customers paid for paid orders (after discounts)
    proofs: int  # payment proofs waiting for review
    topups: int  # wallet top-ups waiting for review
    tickets: int  # open support tickets


@dataclass(frozen=True)
class DayRevenue:
    day: date
    revenue: int


class _DateFunction(PypikaFunction):
    def __init__(self, term, alias=None):
        super().__init__("DATE", term, alias=alias)


class _Day(Function):
    # DATE(timestamp) is the calendar day in both SQLite and PostgreSQL.
    database_func = _DateFunction


async def stats() -> Stats:
    rows = await connections.get("default").execute_query_dict(_STATS_SQL)
    return Stats(**{key: int(value or 0) for key, value in rows[0].items()})


async def revenue_series(days: int = CHART_DAYS, today: date | None = None) -> list[DayRevenue]:
    """Revenue of paid orders per day for the last `days` days, oldest first, zero days included."""
    today = today or datetime.now(UTC).date()
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, datetime.min.time(), tzinfo=UTC)
    rows = await (Order.filter(payment_status=PaymentStatus.PAID, created_at__gte=since)
                  .annotate(day=_Day("created_at"), revenue=Sum(F("subtotal") - F("discount")))
                  .group_by("day").values("day", "revenue"))
    by_day = {_as_date(row["day"]): int(row["revenue"] or 0) for row in rows}
    return [DayRevenue(day, by_day.get(day, 0))
            for day in (first + timedelta(days=offset) for offset in range(days))]


def _as_date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
