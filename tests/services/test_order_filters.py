"""The admin's order filters: each means what its label says, an order may match several, and
the counts agree with the pages (one grouped query for all of them)."""

from nanostore.db.models import Order
from nanostore.db.models.enums import OrderStatus as S
from nanostore.db.models.enums import PaymentStatus as P
from nanostore.services import order_filters
from tests.fixtures.ledger import person


async def order(status: S, payment: P) -> Order:
    return await Order.create(user_id=1, status=status, payment_status=payment, subtotal=100,
                              amount_due=100, currency="USD")


async def test_a_paid_order_is_paid_whatever_its_fulfilment(db):
    await person(1)
    made = {
        "new": await order(S.PENDING, P.UNPAID),
        "proof": await order(S.PENDING, P.AWAITING_REVIEW),
        "working": await order(S.PROCESSING, P.PAID),
        "done": await order(S.DELIVERED, P.PAID),
        "trusted": await order(S.DELIVERED, P.UNPAID),
        "dropped": await order(S.CANCELLED, P.UNPAID),
        "returned": await order(S.REFUNDED, P.REFUNDED),
    }
    expected = {
        "all": set(made),
        "unpaid": {"new", "proof", "trusted"},
        "paid": {"working", "done"},
        "to_deliver": {"working"},
        "delivered": {"done", "trusted"},
        "cancelled": {"dropped"},
        "refunded": {"returned"},
    }
    names = {placed.id: name for name, placed in made.items()}
    counts = await order_filters.counts()
    for filter_id, wanted in expected.items():
        page = await order_filters.page(filter_id, 0, 20)
        assert {names[o.id] for o in page.items} == wanted, filter_id
        assert counts[filter_id] == page.total == len(wanted), filter_id
    assert [f.id for f in order_filters.FILTERS] == list(expected)


async def test_an_unknown_filter_from_an_old_screen_shows_all(db):
    assert order_filters.known("confirmed") == "all"
    assert order_filters.known("paid") == "paid"
