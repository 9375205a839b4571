"""The catalog: active categories, one page of a category's products, a product card."""

from __future__ import annotations

from dataclasses import asdict

from aiogram_dialog import DialogManager

from nanostore.services import cart, catalog
from nanostore.services import categories as category_service
from nanostore.services.errors import DomainError
from nanostore.services.settings import ShopSettings
from nanostore.ui import default_registry as registry

from .screen_images import screen_content

PRODUCTS_PER_PAGE = 8
# A photo's caption holds 1024 characters: a long description is shown as text, without it.
CAPTION_ROOM = 700


@registry.getter("catalog.categories")
async def categories(dialog_manager: DialogManager, shop_user, shop: ShopSettings, **_) -> dict:
    rows = [asdict(row) for row in await category_service.list_active()]
    return {"categories": rows, "cart_count": await cart.count(shop_user.id),
            **await screen_content("shop", shop_user, shop)}


def product_row(product: catalog.Product, shop: ShopSettings) -> dict:
    return {"id": product.id, "name": product.name, "price": product.price,
            "stock": catalog.stock_label(product, shop.low_stock_threshold)}


@registry.getter("catalog.products")
async def products(dialog_manager: DialogManager, shop: ShopSettings, page: int = 0,
                   page_size: int = PRODUCTS_PER_PAGE, **_) -> dict:
    try:
        category = await catalog.browsable_category(dialog_manager.dialog_data.get("category_id", 0))
    except DomainError:  # hidden while the person was looking: the text says so
        return {"category": None, "products": [], "pages": 1, "page": 0, "total": 0}
    found = await catalog.products_page(category.id, page, page_size)
    return {"category": {"id": category.id, "name": category.name, "emoji": category.emoji,
                         "image_file_id": category.image_file_id},
            "products": [product_row(product, shop) for product in found.items],
            "pages": found.pages, "page": found.page, "total": found.total}


def detail_view(detail: catalog.ProductDetail, shop: ShopSettings) -> dict:
    product = detail.product
    image = product.image_file_id if len(product.description) <= CAPTION_ROOM else None
    return {"id": product.id, "name": product.name, "description": product.description,
            "price": product.price, "category": detail.category_name, "image_file_id": image,
            "stock": catalog.stock_label(product, shop.low_stock_threshold),
            "available": catalog.available_units(product),
            "faqs": [{"question": faq.question, "answer": faq.answer} for faq in detail.faqs],
            "media_count": len(detail.media), "review_count": detail.review_count,
            "rating": round(detail.review_total / detail.review_count, 1) if detail.review_count
            else None, "alert_on": detail.viewer_waits}


@registry.getter("catalog.product")
async def product(dialog_manager: DialogManager, shop_user, shop: ShopSettings, **_) -> dict:
    try:
        detail = await catalog.product_detail(dialog_manager.dialog_data.get("product_id", 0),
                                              shop_user.id)
    except DomainError:  # hidden since the card was opened: the text says so
        return {"product": None, "cart_count": 0}
    return {"product": detail_view(detail, shop), "cart_count": await cart.count(shop_user.id)}
