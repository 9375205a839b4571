"""Customers' reviews for staff: the latest first, and one review."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.services import reviews
from nanostore.ui import default_registry as registry

from .reviews import stars


def _row(review) -> dict:
    return {"id": review.id, "stars": stars(review.rating), "product": review.product.name,
            "product_id": review.product_id, "author": review.user.first_name or str(review.user_id),
            "user_id": review.user_id, "text": review.text, "reply": review.reply,
            "hidden": review.is_hidden, "created_at": review.created_at}


@registry.getter("admin_reviews.page")
async def page(dialog_manager: DialogManager, page: int = 0, page_size: int = 8, **_) -> dict:
    found = await reviews.all_reviews(page, page_size)
    return {"total": found.total, "page": found.page, "pages": found.pages,
            "reviews": [_row(review) for review in found.items]}


@registry.getter("admin_reviews.detail")
async def detail(dialog_manager: DialogManager, **_) -> dict:
    review = await reviews.get(dialog_manager.dialog_data.get("review_id", 0))
    return {"review": _row(review), "limit": reviews.REPLY_MAX}
