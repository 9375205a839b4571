"""The customer's cart: quantities per product, never more than a counted product has left.

The cart only holds intentions; stock is taken at checkout by a guarded UPDATE, so a cart check
here is a courtesy to the customer, not the guard.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from nanostore.db.models import CartLine, Product, SubscriptionPlan
from nanostore.db.prepared import Prepared
from nanostore.domain.products import available_units, can_sell

from .catalog import sellable_product
from .errors import InvalidInput, NotFound, OutOfStock, SubscriptionOnly

MAX_LINE_QUANTITY = 1000


@dataclass(frozen=True)
class CartItem:
    product_id: int
    name: str
    unit_price: int
    quantity: int
    line_total: int
    available: bool  # false when the product was hidden or sold out since it was added


@dataclass(frozen=True)
class CartView:
    lines: list[CartItem]
    subtotal: int  # of the available lines only: what checkout will charge

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def is_empty(self) -> bool:
        return not self.lines


def _check_quantity(product: Product, quantity: int) -> None:
    if quantity > MAX_LINE_QUANTITY:
        raise InvalidInput(field="quantity", reason="too_large", max=MAX_LINE_QUANTITY)
    units = available_units(product)
    if units is not None and quantity > units:
        raise OutOfStock(product_id=product.id, product=product.name, available=units)


async def add(user_id: int, product_id: int, quantity: int = 1) -> int:
    """Add units of a product; returns the line's new quantity."""
    if quantity < 1:
        raise InvalidInput(field="quantity", reason="positive")
    product = await sellable_product(product_id)
    await refuse_subscriptions([product_id], product.name)
    line = await CartLine.get_or_none(user_id=user_id, product_id=product_id)
    wanted = (line.quantity if line else 0) + quantity
    _check_quantity(product, wanted)
    if line:
        await CartLine.filter(id=line.id).update(quantity=wanted)
        return wanted
    try:
        async with in_transaction():
            await CartLine.create(user_id=user_id, product_id=product_id, quantity=wanted)
    except IntegrityError:
        if not await CartLine.exists(user_id=user_id, product_id=product_id):
            raise  # not a race with a double tap (an unknown user, say): retrying cannot help
        # A double tap created the line first: count this tap on top of it.
        return await add(user_id, product_id, quantity)
    return wanted


async def refuse_subscriptions(product_ids: list[int], name: str = "") -> None:
    """A subscription product is bought from its card (Subscribe), never through the cart: a
    forged Add, or a line added before the product became a subscription, is refused."""
    plan = await SubscriptionPlan.filter(product_id__in=product_ids).first()
    if plan is not None:
        raise SubscriptionOnly(product_id=plan.product_id, product=name)


async def increment(user_id: int, product_id: int) -> int:
    return await add(user_id, product_id, 1)


async def decrement(user_id: int, product_id: int) -> int:
    """Remove one unit; the line disappears at zero. Returns the new quantity."""
    line = await CartLine.get_or_none(user_id=user_id, product_id=product_id)
    if line is None:
        raise NotFound(entity="cart_line", id=product_id)
    if line.quantity <= 1:
        await CartLine.filter(id=line.id).delete()
        return 0
    await CartLine.filter(id=line.id).update(quantity=line.quantity - 1)
    return line.quantity - 1


async def set_quantity(user_id: int, product_id: int, quantity: int) -> int:
    if quantity <= 0:
        await remove(user_id, product_id)
        return 0
    product = await sellable_product(product_id)
    _check_quantity(product, quantity)
    if not await CartLine.filter(user_id=user_id, product_id=product_id).update(quantity=quantity):
        await add(user_id, product_id, quantity)
    return quantity


async def remove(user_id: int, product_id: int) -> None:
    await CartLine.filter(user_id=user_id, product_id=product_id).delete()


async def clear(user_id: int) -> None:
    await CartLine.filter(user_id=user_id).delete()


# Most screens show the cart's size: its SQL is built once.
_QUANTITIES = Prepared(CartLine, lambda user_id: CartLine.filter(user_id=user_id)
                       .values_list("quantity", flat=True))


async def count(user_id: int) -> int:
    return sum(row[0] for row in await _QUANTITIES.rows(user_id))


def _is_available(product: Product, quantity: int) -> bool:
    return can_sell(product, quantity)


# The cart screen: SQL built once.
_LINES = Prepared(CartLine, lambda user_id: CartLine.filter(user_id=user_id).select_related(
    "product", "product__category").order_by("added_at", "id"))


async def lines_with_products(user_id: int) -> list[CartLine]:
    """Cart lines with product and category joined, in one query, oldest first."""
    return await _LINES.all(user_id)


async def view(user_id: int) -> CartView:
    items = [
        CartItem(product_id=line.product_id, name=line.product.name,
                 unit_price=line.product.price, quantity=line.quantity,
                 line_total=line.product.price * line.quantity,
                 available=_is_available(line.product, line.quantity))
        for line in await lines_with_products(user_id)
    ]
    return CartView(lines=items, subtotal=sum(item.line_total for item in items if item.available))
