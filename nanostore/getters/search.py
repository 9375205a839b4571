"""Search results: one page of products whose name or description holds the query."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.services import catalog
from nanostore.services.settings import ShopSettings
from nanostore.ui import default_registry as registry

from .catalog import PRODUCTS_PER_PAGE, product_row


@registry.getter("search.results")
async def results(dialog_manager: DialogManager, shop: ShopSettings, page: int = 0,
                  page_size: int = PRODUCTS_PER_PAGE, **_) -> dict:
    query = dialog_manager.dialog_data.get("query", "")
    found = await catalog.search(query, page, page_size)
    return {"query": query, "products": [product_row(product, shop) for product in found.items],
            "total": found.total, "pages": found.pages, "page": found.page}
