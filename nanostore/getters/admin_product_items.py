"""The pool of keys, texts and files a product delivers automatically."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.getters.start_ids import required_id
from nanostore.services import delivery_pool, products
from nanostore.ui import default_registry as registry


@registry.getter("admin_product_items.pool")
async def pool(dialog_manager: DialogManager, **_) -> dict:
    product = await products.get(required_id(dialog_manager.start_data, "product_id"))
    return {"product": {"id": product.id, "name": product.name,
                        "delivery_type": str(product.delivery_type)},
            "items_left": await delivery_pool.remaining_items(product.id)}
