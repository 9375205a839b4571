"""Reviews: a customer who received a product rates it 1–5 with an optional short text, once
per product (submitting again edits that review); the product card shows the average, the
count and a page of the latest; staff with the catalog role hide one or answer it publicly.

Texts are kept as typed (plain text): whatever shows them escapes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count, Sum
from tortoise.timezone import now as utc_now
from tortoise.transactions import in_transaction

from nanostore.db.models import OrderLine, Review
from nanostore.db.models.enums import OrderStatus
from nanostore.domain.staff import Actor

from . import audit, staff
from .errors import InvalidRating, NotFound, ReviewNotAllowed, ReviewTooLong
from .outbox import notify_admins, notify_user
from .paging import DEFAULT_PAGE_SIZE, Page, paginate

RATINGS = range(1, 6)
TEXT_MAX = 1000
REPLY_MAX = 1000
CATALOG = "catalog"  # the staff role that moderates reviews


@dataclass(frozen=True)
class Summary:
    average: float | None  # None while nobody has a visible review
    count: int


def clean_rating(rating: object) -> int:
    if isinstance(rating, bool) or not isinstance(rating, int) or rating not in RATINGS:
        raise InvalidRating(rating=rating)
    return rating


def clean_text(text: object, limit: int = TEXT_MAX) -> str:
    cleaned = str(text or "").strip()
    if len(cleaned) > limit:
        raise ReviewTooLong(length=len(cleaned), limit=limit)
    return cleaned


async def has_received(user_id: int, product_id: int) -> bool:
    """A delivered order holds a line of this product (a refunded or cancelled one does not)."""
    return await OrderLine.filter(product_id=product_id, order__user_id=user_id,
                                  order__status=OrderStatus.DELIVERED).exists()


async def mine(user_id: int, product_id: int) -> Review | None:
    return await Review.get_or_none(user_id=user_id, product_id=product_id)


async def submit(user_id: int, product_id: int, rating: object, text: object = "") -> Review:
    """Writes the customer's review of the product, or edits the one they wrote. The same
    review sent twice (a double tap) changes nothing and tells the admins once."""
    rating, text = clean_rating(rating), clean_text(text)
    if not await has_received(user_id, product_id):
        raise ReviewNotAllowed(product_id=product_id)
    async with in_transaction():
        review = await mine(user_id, product_id)
        if review is None:
            try:
                async with in_transaction():
                    review = await Review.create(user_id=user_id, product_id=product_id,
                                                 rating=rating, text=text)
            except IntegrityError:  # the same customer's other tap created it a moment ago
                review = await Review.get(user_id=user_id, product_id=product_id)
            else:
                await _tell_the_admins(review, edited=False)
                return review
        if (review.rating, review.text) == (rating, text):
            return review
        changed = await Review.filter(id=review.id).update(rating=rating, text=text,
                                                           updated_at=utc_now())
        review.rating, review.text = rating, text
        if changed:
            await _tell_the_admins(review, edited=True)
        return review


async def _tell_the_admins(review: Review, edited: bool) -> None:
    await review.fetch_related("product", "user")
    await notify_admins("new_review", review_id=review.id, product_id=review.product_id,
                        product_name=review.product.name, rating=review.rating,
                        text=review.text, customer=review.user.first_name or str(review.user_id),
                        edited=edited)


def _visible(product_id: int):
    return Review.filter(product_id=product_id, is_hidden=False)


async def summary(product_id: int) -> Summary:
    # Avg would come back cast to the column's integer type: sum and count instead.
    row = await _visible(product_id).annotate(total=Sum("rating"), count=Count("id")).values(
        "total", "count")
    count = int(row[0]["count"]) if row else 0
    return Summary(average=int(row[0]["total"]) / count if count else None, count=count)


async def recent(product_id: int, page: int = 0, page_size: int = 5) -> Page[Review]:
    """The product's visible reviews, the latest first, with their authors."""
    query = _visible(product_id).select_related("user").order_by("-created_at", "-id")
    return await paginate(query, page, page_size)


# The staff's side


async def all_reviews(page: int = 0, page_size: int = DEFAULT_PAGE_SIZE) -> Page[Review]:
    query = Review.all().select_related("user", "product").order_by("-created_at", "-id")
    return await paginate(query, page, page_size)


async def get(review_id: int) -> Review:
    review = await Review.filter(id=review_id).select_related("user", "product").first()
    if review is None:
        raise NotFound(entity="review", id=review_id)
    return review


async def set_hidden(actor: Actor, review_id: int, hidden: bool) -> bool:
    """Hides the review from the product card (or shows it again); True when it changed."""
    staff.require(actor, CATALOG)
    await get(review_id)
    async with in_transaction():
        changed = await Review.filter(id=review_id, is_hidden=not hidden).update(is_hidden=hidden)
        if changed:
            await audit.record(actor.id, "review.hide" if hidden else "review.show", review_id)
    return changed == 1


async def reply(actor: Actor, review_id: int, text: object) -> Review:
    """The shop's public answer under the review (an empty text takes it away); the customer
    is told of a new answer."""
    staff.require(actor, CATALOG)
    answer = clean_text(text, REPLY_MAX)
    answer = "" if answer == "-" else answer  # a lone dash takes the answer away
    review = await get(review_id)
    async with in_transaction():
        await Review.filter(id=review_id).update(reply=answer)
        await audit.record(actor.id, "review.reply", review_id, before={"reply": review.reply},
                           after={"reply": answer})
        if answer:
            await notify_user(review.user_id, "review_answered", product_id=review.product_id,
                              product_name=review.product.name, reply=answer)
    review.reply = answer
    return review
