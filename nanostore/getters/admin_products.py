"""Products of one category as the admin sees them: the list and the product card."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.getters.start_ids import required_id
from nanostore.services import categories, delivery_pool, product_content, products
from nanostore.ui import default_registry as registry


def category_id_of(dialog_manager: DialogManager) -> int:
    return required_id(dialog_manager.start_data, "category_id")


def product_row(product: products.Product) -> dict:
    return {"id": product.id, "name": product.name, "description": product.description,
            "price": product.price, "stars_price": product.stars_price,
            "stock_mode": str(product.stock_mode), "stock": product.stock,
            "image_file_id": product.image_file_id, "delivery_type": str(product.delivery_type),
            "protect_content": product.protect_content, "is_active": product.is_active}


@registry.getter("admin_products.list")
async def product_list(dialog_manager: DialogManager, page: int = 0, page_size: int = 8,
                       **_) -> dict:
    category = await categories.get(category_id_of(dialog_manager))
    result = await products.page_in_category(category.id, page, page_size)
    return {"category": {"id": category.id, "name": category.name, "emoji": category.emoji},
            "products": [product_row(product) for product in result.items],
            "total": result.total, "page": result.page, "pages": result.pages}


@registry.getter("admin_products.product")
async def product_card(dialog_manager: DialogManager, **_) -> dict:
    product = await products.get(required_id(dialog_manager.dialog_data, "product_id"))
    position, count = await products.position(product)
    return {"product": product_row(product), "position": position, "positions": count,
            "items_left": await delivery_pool.remaining_items(product.id),
            "faq_count": await product_content.faq_count(product.id),
            "media_count": await product_content.media_count(product.id)}
