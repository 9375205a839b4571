"""Categories as the admin manages them: the list with product counts, and one category."""

from __future__ import annotations

from dataclasses import asdict

from aiogram_dialog import DialogManager

from nanostore.services import categories
from nanostore.ui import default_registry as registry


@registry.getter("admin_catalog.categories")
async def category_list(dialog_manager: DialogManager, page: int = 0, page_size: int = 8,
                        **_) -> dict:
    result = await categories.admin_page(page, page_size)
    return {"categories": [asdict(row) for row in result.items], "total": result.total,
            "page": result.page, "pages": result.pages}


@registry.getter("admin_catalog.category")
async def category(dialog_manager: DialogManager, **_) -> dict:
    row = await categories.get(dialog_manager.dialog_data.get("category_id", 0))  # 0: NotFound
    position, count = await categories.position(row.id)
    return {"category": {"id": row.id, "name": row.name, "emoji": row.emoji,
                         "is_active": row.is_active, "image_file_id": row.image_file_id},
            "product_count": await categories.product_count(row.id),
            "position": position, "positions": count}
