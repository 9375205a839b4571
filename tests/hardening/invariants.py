"""The shop's money and stock invariants, checked straight in the database after a hardening run.

Each check returns a list of human-readable violations (empty when the shop is consistent), so
a failing test names every broken row at once."""

from __future__ import annotations

from collections import Counter

from nanostore.db.models import DeliveryItem, LedgerEntry, Order, OrderLine, Product, StarsPayment, User
from nanostore.db.models.enums import (DeliveryType, OrderStatus, PaymentStatus, StarsPaymentStatus,
                                       StockMode)


async def violations() -> list[str]:
    problems: list[str] = []
    problems += await _stock_never_negative()
    problems += await _balances_match_ledgers()
    problems += await _items_delivered_once()
    problems += await _stars_applied_once()
    return problems


async def _stock_never_negative() -> list[str]:
    rows = await Product.filter(stock_mode=StockMode.COUNTED, stock__lt=0).values_list("id", "stock")
    return [f"product {pid} has stock {stock}" for pid, stock in rows]


async def _balances_match_ledgers() -> list[str]:
    sums: Counter = Counter()
    for user_id, amount in await LedgerEntry.all().values_list("user_id", "amount"):
        sums[user_id] += amount
    problems = []
    for user_id, balance in await User.all().values_list("id", "balance"):
        if balance != sums.get(user_id, 0):
            problems.append(f"user {user_id} balance {balance} != ledger sum {sums.get(user_id, 0)}")
        if balance < 0:
            problems.append(f"user {user_id} has a negative balance {balance}")
    return problems


async def _items_delivered_once() -> list[str]:
    """An item belongs to at most one line (a FK makes that structural), and an automatic line
    never holds more items than it sold: more would mean a key handed out twice."""
    problems = []
    held = Counter(await DeliveryItem.exclude(order_line_id=None).values_list("order_line_id", flat=True))
    lines = await OrderLine.filter(id__in=list(held)).values_list("id", "quantity", "delivery_type")
    for line_id, quantity, delivery_type in lines:
        if delivery_type == DeliveryType.AUTO and held[line_id] > quantity:
            problems.append(f"order line {line_id} holds {held[line_id]} items for {quantity} sold")
    return problems


async def _stars_applied_once() -> list[str]:
    applied = Counter(await StarsPayment.filter(status=StarsPaymentStatus.APPLIED, order_id__not_isnull=True)
                      .values_list("order_id", flat=True))
    return [f"order {order_id} has {count} applied Stars payments" for order_id, count in applied.items()
            if count > 1]


async def undelivered_paid_orders() -> list[int]:
    """Paid orders of automatic products whose keys are all in stock yet not delivered."""
    open_statuses = (OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.PROCESSING)
    return await Order.filter(payment_status=PaymentStatus.PAID, status__in=open_statuses,
                              lines__delivery_type=DeliveryType.AUTO).distinct().values_list("id", flat=True)
