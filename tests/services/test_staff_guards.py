"""Services check who acts (the second line behind the screens' `access:`), without Telegram.

One row per service function an admin calls to change money, stock, the catalog, orders,
coupons, broadcasts, content or settings: every person without its role is refused with
AccessDenied and no row of the database changes; the role and an owner pass. A last test reads
the actions and the alert buttons: each call of these functions passes who acts (`by`).
"""

from __future__ import annotations

import ast
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from tortoise import Tortoise

from nanostore.db.models import Broadcast, ForceJoinChannel, ProductFaq, ProductMedia, User
from nanostore.db.models.enums import MediaKind, OrderStatus
from nanostore.domain.staff import ROLES, Actor
from nanostore.services import (
    broadcast,
    catalog_import,
    categories,
    channels,
    content,
    coupons,
    delivery,
    delivery_pool,
    orders,
    payment_methods,
    product_content,
    products,
    settings,
    stars,
    wallet,
)
from nanostore.services.errors import AccessDenied, DomainError
from tests.fixtures.admin import ANN
from tests.fixtures.orders import paid_order
from tests.fixtures.staff import person

# The role checks come before any write: the database adds nothing.
pytestmark = pytest.mark.one_backend

World = dict[str, Any]
Call = Callable[[Actor, World], Awaitable[Any]]

# (what, the role it needs, the call made as `by`)
GUARDS: list[tuple[str, str, Call]] = [
    ("wallet.admin_adjust", "users", lambda by, w: wallet.admin_adjust(w["user"], 100, by, "gift")),
    ("settings.change", "settings", lambda by, w: settings.change(by, "min_order", 500)),
    ("settings.toggle", "settings", lambda by, w: settings.toggle(by, "maintenance")),
    ("channels.add", "settings", lambda by, w: channels.add(-100777, "newsroom", by=by)),
    ("channels.remove", "settings", lambda by, w: channels.remove(-100555, by=by)),
    ("content.set_text", "content", lambda by, w: content.set_text("welcome", "Hi", by=by)),
    ("content.set_image", "content", lambda by, w: content.set_image("welcome", "img", by=by)),
    ("content.clear_text", "content", lambda by, w: content.clear_text("welcome", by=by)),
    ("content.clear_image", "content", lambda by, w: content.clear_image("welcome", by=by)),
    ("broadcast.create_and_queue", "broadcast", lambda by, w: broadcast.create_and_queue(by, "News")),
    ("broadcast.cancel_by", "broadcast", lambda by, w: broadcast.cancel_by(by, w["broadcast"])),
    ("coupons.create", "catalog", lambda by, w: coupons.create("NEW10", 10, by=by)),
    ("coupons.toggle", "catalog", lambda by, w: coupons.toggle(w["coupon"], by=by)),
    ("coupons.delete", "catalog", lambda by, w: coupons.delete(w["coupon"], by=by)),
    ("categories.create", "catalog", lambda by, w: categories.create("Books", by=by)),
    ("categories.rename", "catalog", lambda by, w: categories.rename(w["category"], "Films", by=by)),
    ("categories.set_emoji", "catalog", lambda by, w: categories.set_emoji(w["category"], "🎬", by=by)),
    ("categories.set_image", "catalog", lambda by, w: categories.set_image(w["category"], "i", by=by)),
    ("categories.toggle", "catalog", lambda by, w: categories.toggle(w["category"], by=by)),
    ("categories.place", "catalog", lambda by, w: categories.place(w["category"], "bottom", by=by)),
    ("categories.delete", "catalog", lambda by, w: categories.delete(w["empty_category"], by=by)),
    ("products.create", "catalog", lambda by, w: products.create(w["category"], "Key", 100, by=by)),
    ("products.set_price", "catalog", lambda by, w: products.set_price(w["product"], 999, by=by)),
    ("products.rename", "catalog", lambda by, w: products.rename(w["product"], "Other", by=by)),
    ("products.set_stock", "catalog", lambda by, w: products.set_stock(w["product"], 50, by=by)),
    ("products.toggle", "catalog", lambda by, w: products.toggle(w["product"], by=by)),
    ("products.delete", "catalog", lambda by, w: products.delete(w["spare_product"], by=by)),
    ("delivery_pool.add_items_from_text", "catalog",
     lambda by, w: delivery_pool.add_items_from_text(w["product"], "KEY-1", by=by)),
    ("catalog_import.bulk_stock_update", "catalog",
     lambda by, w: catalog_import.bulk_stock_update([(w["product"], 7)], by=by)),
    ("product_content.add_faq", "catalog",
     lambda by, w: product_content.add_faq(w["product"], "Region?", "Global", by=by)),
    ("product_content.delete_faq", "catalog", lambda by, w: product_content.delete_faq(w["faq"], by=by)),
    ("product_content.add_media", "catalog",
     lambda by, w: product_content.add_media(w["product"], MediaKind.PHOTO, "f", by=by)),
    ("product_content.delete_media", "catalog",
     lambda by, w: product_content.delete_media(w["media"], by=by)),
    ("payment_methods.create", "payments", lambda by, w: payment_methods.create("Bank", by=by)),
    ("payment_methods.toggle", "payments", lambda by, w: payment_methods.toggle(w["method"], by=by)),
    ("orders.set_status", "orders",
     lambda by, w: orders.set_status(w["order"], by, OrderStatus.PROCESSING)),
    ("orders.cancel", "orders", lambda by, w: orders.cancel(w["order"], by=by)),
    ("delivery.deliver_manually", "orders",
     lambda by, w: delivery.deliver_manually(w["order"], by, text="KEY-42")),
    ("stars.refund_order", "orders", lambda by, w: stars.refund_order(w["order"], by)),
]


async def world() -> World:
    await User.create(id=ANN, first_name="Ann")
    order = await paid_order(token="guards")
    category = await categories.create("Games")
    product = await products.create(category.id, "Game key", 1000, stock=5)
    spare = await products.create(category.id, "Spare", 1000)
    return {
        "user": order.user_id, "order": order.id, "category": category.id, "product": product.id,
        "empty_category": (await categories.create("Empty")).id, "spare_product": spare.id,
        "coupon": (await coupons.create("SALE", 10)).id,
        "method": (await payment_methods.create("Card")).id,
        "broadcast": (await broadcast.create(9000, "Old news")).id,
        "faq": (await ProductFaq.create(product_id=product.id, question="Q", answer="A")).id,
        "media": (await ProductMedia.create(product_id=product.id, kind=MediaKind.PHOTO,
                                            file_id="m")).id,
        "channel": (await ForceJoinChannel.create(chat_id=-100555, username="news")).id,
    }


async def rows() -> dict[str, list[dict]]:
    """Every row of every table: what a refused call must leave as it was."""
    found = {}
    for model in Tortoise.apps["models"].values():
        found[model.__name__] = sorted(map(repr, await model.all().values()))
    return found


@pytest.mark.parametrize(("what", "role", "call"), GUARDS, ids=[row[0] for row in GUARDS])
async def test_only_the_role_and_owners_change_it(db, what, role, call):
    shop = await world()
    before = await rows()
    for other in [None, *(name for name in ROLES if name != role)]:
        with pytest.raises(AccessDenied):
            await call(person(other), shop)
    assert await rows() == before, f"{what}: a refused call changed rows"
    for allowed in (person(role), person(owner=True, user_id=9000)):
        try:
            await call(allowed, shop)
        except AccessDenied:  # pragma: no cover - the failure this test is for
            pytest.fail(f"{what} refused {allowed}")
        except DomainError:
            pass  # the shop's own rules after the check (a second delete finds nothing)
    assert await Broadcast.exists()  # the world stayed the world


GUARDED = {name.split(".")[0]: set() for name, _, _ in GUARDS}
for name, _, _ in GUARDS:
    GUARDED[name.split(".")[0]].add(name.split(".")[1])
GUARDED["settings"] = set()  # shop_settings.change takes `by` positionally: read below
SOURCES = [*Path(__file__).resolve().parents[2].joinpath("nanostore/actions").glob("admin*.py"),
           Path(__file__).resolve().parents[2] / "nanostore/bot/admin_alerts.py"]


def test_every_admin_action_passes_who_acts():
    """A call without `by` would be let through as the shop itself: none in the actions."""
    missing = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name)):
                continue
            module, function = node.func.value.id, node.func.attr
            if function in GUARDED.get(module, ()) and not (
                    any(k.arg == "by" for k in node.keywords) or (len(node.args) >= 2
                    and module in {"wallet", "orders", "delivery", "stars", "broadcast"})):
                missing.append(f"{path.name}:{node.lineno} {module}.{function}")
    assert not missing, missing
