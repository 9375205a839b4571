"""Loads the demo shop through the services. Idempotent: things are found by name (or code)
and only what is missing is created, so running it twice changes nothing.

Banners need a Telegram file id. In the sandbox `upload` puts the PNG into the emulator and
returns one; against a real database there is no emulator, so categories get no image and the
admin adds banners in Admin Panel → Catalog (a file id belongs to one bot).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nanostore.db.models import Category, Coupon, DeliveryItem, PaymentMethod, Product
from nanostore.sandbox.banners import banner_png
from nanostore.sandbox.demo_catalog import (
    CATEGORIES,
    COUPON,
    PAYMENT_METHOD,
    SETTINGS,
    DemoCategory,
    DemoProduct,
)
from nanostore.services import categories, coupons, delivery_pool, payment_methods, products, settings

# Receives PNG bytes, returns a file id the bot can send.
Uploader = Callable[[bytes], str]


@dataclass
class DemoReport:
    created: list[str]

    def lines(self) -> list[str]:
        return [f"created {what}" for what in self.created] or ["the demo shop was already loaded"]


async def load_demo(upload: Uploader | None = None) -> DemoReport:
    report = DemoReport([])
    for spec in CATEGORIES:
        category = await _category(spec, upload, report)
        for product_spec in spec.products:
            await _product(category.id, product_spec, report)
    await _payment_method(report)
    await _coupon(report)
    for key, value in SETTINGS.items():
        await settings.update(key, value)
    return report


async def _category(spec: DemoCategory, upload: Uploader | None, report: DemoReport) -> Category:
    category = await Category.get_or_none(name=spec.name)
    if category is None:
        category = await categories.create(spec.name, spec.emoji)
        report.created.append(f"category {spec.name}")
    if upload is not None:
        # Re-uploaded on every sandbox start: the previous emulator's file ids died with it.
        file_id = upload(banner_png(spec.name, spec.color))  # the font has no emoji
        await categories.set_image(category.id, file_id)
    return category


async def _product(category_id: int, spec: DemoProduct, report: DemoReport) -> None:
    product = await Product.get_or_none(category_id=category_id, name=spec.name)
    if product is None:
        product = await products.create(category_id, spec.name, spec.price, spec.description,
                                        stock=spec.stock, delivery_type=spec.delivery_type,
                                        stars_price=spec.stars_price)
        report.created.append(f"product {spec.name}")
    if spec.keys:
        known = set(await DeliveryItem.filter(product_id=product.id).values_list("content", flat=True))
        missing = [key for key in spec.keys if key not in known]
        if missing:
            await delivery_pool.add_items_from_text(product.id, "\n".join(missing))
            report.created.append(f"{len(missing)} keys for {spec.name}")


async def _payment_method(report: DemoReport) -> None:
    name, emoji, details = PAYMENT_METHOD
    if not await PaymentMethod.exists(name=name):
        await payment_methods.create(name, emoji, details)
        report.created.append(f"payment method {name}")


async def _coupon(report: DemoReport) -> None:
    code, percent = COUPON
    if not await Coupon.exists(code=code):
        await coupons.create(code, percent)
        report.created.append(f"coupon {code}")
