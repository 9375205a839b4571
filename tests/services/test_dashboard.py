"""Dashboard figures are counted by the database: the panel costs the same few statements with
100 000 orders as with none, and never carries rows into Python."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from tortoise import connections

from nanostore.db.connection import is_sqlite
from nanostore.db.models import Order, PaymentProof, Ticket, User, WalletTopUp
from nanostore.db.models.enums import PaymentStatus, ReviewStatus, TicketStatus
from nanostore.services import dashboard

TODAY = date(2026, 3, 31)
ORDERS = 100_000


@pytest.fixture
def statements(monkeypatch):
    """Every SQL statement sent, with the number of rows it returned."""
    sent: list[tuple[str, int]] = []
    client_class = type(connections.get("default"))
    for method in ("execute_query", "execute_query_dict"):
        original = getattr(client_class, method)

        async def counting(self, query, *args, _original=original, **kwargs):
            result = await _original(self, query, *args, **kwargs)
            rows = result[1] if isinstance(result, tuple) else result
            sent.append((query, len(rows)))
            return result

        monkeypatch.setattr(client_class, method, counting)
    return sent


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)


async def seed_many_orders(count: int) -> None:
    await User.bulk_create([User(id=n, first_name="Buyer") for n in range(1, 101)])
    paid, unpaid = PaymentStatus.PAID, PaymentStatus.UNPAID
    batch = []
    for n in range(count):
        batch.append(Order(user_id=n % 100 + 1, subtotal=1000, discount=100 if n % 2 else 0,
                           amount_due=1000, currency="USD",
                           payment_status=paid if n % 4 == 0 else unpaid))
        if len(batch) == 10_000:
            await Order.bulk_create(batch)
            batch = []
    await Order.bulk_create(batch)
    # Spread the orders over 60 days so the series has something to group.
    for offset in range(60):
        await Order.filter(id__gt=offset * count // 60, id__lte=(offset + 1) * count // 60).update(
            created_at=at(TODAY - timedelta(days=offset)))


async def test_stats_and_series_cost_two_statements_on_100k_orders(db, statements):
    await seed_many_orders(ORDERS)
    statements.clear()
    stats = await dashboard.stats()
    series = await dashboard.revenue_series(today=TODAY)
    assert len(statements) == 2
    assert [rows for _, rows in statements] == [1, 30]  # one row of figures, one row per day
    assert (stats.users, stats.orders, stats.paid_orders) == (100, ORDERS, ORDERS // 4)
    assert stats.revenue == ORDERS // 4 * 1000  # paid orders are the even ones: no discount
    assert len(series) == 30 and series[0].day == TODAY - timedelta(days=29)
    assert sum(day.revenue for day in series) == await _paid_since(TODAY - timedelta(days=29))


async def _paid_since(first: date) -> int:
    rows = await Order.filter(payment_status=PaymentStatus.PAID,
                              created_at__gte=at(first, 0)).values_list("subtotal", "discount")
    return sum(subtotal - discount for subtotal, discount in rows)


async def test_status_counts_use_indexes(db):
    if not is_sqlite(db):
        pytest.skip("query plans are SQLite's here")
    conn = connections.get("default")
    for table, column, value in (("payment_proofs", "status", "pending"),
                                 ("wallet_topups", "status", "pending"),
                                 ("tickets", "status", "open"),
                                 ("orders", "payment_status", "paid")):
        plan = await conn.execute_query_dict(
            f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM {table} WHERE {column} = '{value}'")
        assert any("USING" in row["detail"] and "INDEX" in row["detail"] for row in plan), plan


async def test_figures_count_only_what_needs_attention(db):
    ann = await User.create(id=1, first_name="Ann")
    paid = await Order.create(user=ann, subtotal=2000, discount=500, amount_due=1500,
                              currency="USD", payment_status=PaymentStatus.PAID)
    await Order.create(user=ann, subtotal=900, amount_due=900, currency="USD",
                       payment_status=PaymentStatus.REFUNDED)
    await PaymentProof.create(order=paid, user=ann, file_id="a")
    await PaymentProof.create(order=paid, user=ann, file_id="b", status=ReviewStatus.REJECTED)
    await WalletTopUp.create(user=ann, amount=100, status=ReviewStatus.APPROVED)
    await Ticket.create(user=ann, subject="x", status=TicketStatus.CLOSED)
    stats = await dashboard.stats()
    assert (stats.orders, stats.paid_orders, stats.revenue) == (2, 1, 1500)
    assert (stats.proofs, stats.topups, stats.tickets) == (1, 0, 0)


async def test_series_fills_quiet_days_with_zero(db):
    ann = await User.create(id=1, first_name="Ann")
    order = await Order.create(user=ann, subtotal=1234, amount_due=0, currency="USD",
                               payment_status=PaymentStatus.PAID)
    await Order.filter(id=order.id).update(created_at=at(TODAY - timedelta(days=2), 23))
    series = await dashboard.revenue_series(days=7, today=TODAY)
    assert [day.revenue for day in series] == [0, 0, 0, 0, 1234, 0, 0]


async def test_chart_is_a_png(db):
    from nanostore.bot.charts import revenue_png

    png = revenue_png([TODAY - timedelta(days=1), TODAY], [0, 1250], "$", "Revenue")
    assert png.startswith(b"\x89PNG")
