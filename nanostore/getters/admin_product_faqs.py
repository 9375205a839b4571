"""A product's questions and answers as the admin edits them."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.getters.start_ids import required_id
from nanostore.services import product_content, products
from nanostore.ui import default_registry as registry


@registry.getter("admin_product_faqs.list")
async def faq_list(dialog_manager: DialogManager, **_) -> dict:
    product = await products.get(required_id(dialog_manager.start_data, "product_id"))
    faqs = await product_content.list_faqs(product.id)
    return {"product": {"id": product.id, "name": product.name},
            "faqs": [{"id": faq.id, "question": faq.question} for faq in faqs]}


@registry.getter("admin_product_faqs.faq")
async def faq(dialog_manager: DialogManager, **_) -> dict:
    row = await product_content.find_faq(dialog_manager.dialog_data.get("faq_id"))
    if row is None:  # deleted meanwhile: no position, so no move buttons either
        return {"faq": None, "position": 0, "positions": 0}
    position, count = await product_content.faq_position(row)
    return {"faq": {"id": row.id, "question": row.question, "answer": row.answer},
            "position": position, "positions": count}
