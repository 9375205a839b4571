"""A subscription product is bought from its card, never through the cart: a forged Add to
cart is refused, and a line added before the product became a subscription cannot be checked
out as a one-off purchase (nothing taken, no order)."""

from __future__ import annotations

import pytest

from nanostore.db.models import Order, Product
from nanostore.db.models.enums import SubscriptionAccess
from nanostore.services import cart, checkout, subscription_views
from nanostore.services.errors import SubscriptionOnly
from tests.fixtures.ledger import person, product

pytestmark = [pytest.mark.usefixtures("ledger_stays_balanced"), pytest.mark.one_backend]


async def test_a_subscription_product_cannot_go_into_the_cart(db):
    await person(1)
    key = await product(price=1000, stock=5)
    await subscription_views.set_plan(key.id, SubscriptionAccess.KEY)
    with pytest.raises(SubscriptionOnly):
        await cart.add(1, key.id)
    assert (await cart.view(1)).lines == []


async def test_a_line_from_before_the_plan_is_not_sold_one_off(db):
    await person(1)
    key = await product(price=1000, stock=5)
    await cart.add(1, key.id)
    await subscription_views.set_plan(key.id, SubscriptionAccess.KEY)
    with pytest.raises(SubscriptionOnly):
        await checkout.place_order(1, "token")
    assert await Order.all().count() == 0 and (await Product.get(id=key.id)).stock == 5
