"""A product's reviews (the average, the count, a page of the latest) and the review being
written."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.services import catalog, reviews
from nanostore.services.errors import DomainError
from nanostore.ui import default_registry as registry

REVIEWS_PER_PAGE = 5
TEXT_SHOWN = 600  # a page of five holds well under Telegram's 4096 characters


def stars(rating: int) -> str:
    return "★" * rating + "☆" * (5 - rating)


def _shown(text: str) -> str:
    return text if len(text) <= TEXT_SHOWN else text[:TEXT_SHOWN - 1] + "…"


@registry.getter("reviews.page")
async def page(dialog_manager: DialogManager, shop_user, **_) -> dict:
    data = dialog_manager.dialog_data
    try:
        product = await catalog.sellable_product(data.get("product_id", 0))
    except DomainError:  # hidden while the person was reading: the text says so
        return {"product": None, "rating": None, "count": 0, "reviews": [], "page": 0,
                "pages": 1, "can_review": False, "has_review": False}
    figures = await reviews.summary(product.id)
    found = await reviews.recent(product.id, data.get("page", 0), REVIEWS_PER_PAGE)
    mine = await reviews.mine(shop_user.id, product.id)
    return {
        "product": {"id": product.id, "name": product.name},
        "rating": round(figures.average, 1) if figures.average is not None else None,
        "count": figures.count,
        "reviews": [{"stars": stars(review.rating), "author": review.user.first_name or "—",
                     "text": _shown(review.text), "reply": _shown(review.reply),
                     "created_at": review.created_at} for review in found.items],
        "page": found.page, "pages": found.pages,
        "can_review": mine is not None or await reviews.has_received(shop_user.id, product.id),
        "has_review": mine is not None,
    }


@registry.getter("reviews.draft")
async def draft(dialog_manager: DialogManager, **_) -> dict:
    data = dialog_manager.dialog_data
    rating = data.get("rating")
    return {"rating": rating, "stars": stars(rating) if rating else "", "text": data.get("text", ""),
            "limit": reviews.TEXT_MAX,
            "choices": [{"id": number, "label": "⭐" * number} for number in reviews.RATINGS]}
