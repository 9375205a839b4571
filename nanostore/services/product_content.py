"""Questions and answers and extra media shown on a product card, edited by the admin."""

from __future__ import annotations

from nanostore.db.models import Product, ProductFaq, ProductMedia
from nanostore.db.models.enums import MediaKind
from nanostore.domain.staff import Actor

from . import positions, staff
from .errors import InvalidInput, NotFound

CATALOG = "catalog"  # the staff role that changes them

QUESTION_MAX = 255
ANSWER_MAX = 4000
CAPTION_MAX = 1024  # Telegram's caption limit


def _text(value: str, field: str, maximum: int) -> str:
    value = (value or "").strip()
    if not 1 <= len(value) <= maximum:
        raise InvalidInput(field=field, reason="length", min=1, max=maximum)
    return value


def clean_question(question: str) -> str:
    return _text(question, "question", QUESTION_MAX)


async def _require_product(product_id: int) -> None:
    if not await Product.exists(id=product_id):
        raise NotFound(entity="product", id=product_id)


async def _next_position(model, product_id: int) -> int:
    last = await model.filter(product_id=product_id).order_by("-sort_order").values_list(
        "sort_order", flat=True)
    return last[0] + 1 if last else 0


async def add_faq(product_id: int, question: str, answer: str, *, by: Actor | None = None) -> ProductFaq:
    staff.check(by, CATALOG)
    question, answer = _text(question, "question", QUESTION_MAX), _text(answer, "answer", ANSWER_MAX)
    await _require_product(product_id)
    return await ProductFaq.create(product_id=product_id, question=question, answer=answer,
                                   sort_order=await _next_position(ProductFaq, product_id))


async def find_faq(faq_id: int | None) -> ProductFaq | None:
    """The question with this id; None when there is none (deleted meanwhile, or no id given)."""
    return await ProductFaq.get_or_none(id=faq_id)


async def edit_faq(faq_id: int, question: str | None = None, answer: str | None = None,
                   *, by: Actor | None = None) -> ProductFaq:
    staff.check(by, CATALOG)
    faq = await find_faq(faq_id)
    if faq is None:
        raise NotFound(entity="faq", id=faq_id)
    if question is not None:
        faq.question = _text(question, "question", QUESTION_MAX)
    if answer is not None:
        faq.answer = _text(answer, "answer", ANSWER_MAX)
    await faq.save(update_fields=["question", "answer"])
    return faq


async def delete_faq(faq_id: int, *, by: Actor | None = None) -> None:
    staff.check(by, CATALOG)
    if not await ProductFaq.filter(id=faq_id).delete():
        raise NotFound(entity="faq", id=faq_id)


async def list_faqs(product_id: int) -> list[ProductFaq]:
    return await ProductFaq.filter(product_id=product_id).order_by("sort_order", "id")


async def faq_count(product_id: int) -> int:
    return await ProductFaq.filter(product_id=product_id).count()


async def place_faq(product_id: int, faq_id: int, where: str | int,
                    *, by: Actor | None = None) -> positions.Placement:
    """Among the product's questions: "top", "bottom", one step "up"/"down", or a typed
    position (from 1), the order customers read them in."""
    staff.check(by, CATALOG)
    return await positions.place(ProductFaq, faq_id, where, {"product_id": product_id})


async def faq_position(faq: ProductFaq) -> tuple[int, int]:
    return await positions.position_of(ProductFaq, faq.id, {"product_id": faq.product_id})


async def add_media(product_id: int, kind: MediaKind, file_id: str, caption: str = "",
                    *, by: Actor | None = None) -> ProductMedia:
    staff.check(by, CATALOG)
    caption = (caption or "").strip()
    if len(caption) > CAPTION_MAX:
        raise InvalidInput(field="caption", reason="length", min=0, max=CAPTION_MAX)
    if not file_id:
        raise InvalidInput(field="file_id", reason="required")
    await _require_product(product_id)
    return await ProductMedia.create(product_id=product_id, kind=MediaKind(kind), file_id=file_id,
                                     caption=caption,
                                     sort_order=await _next_position(ProductMedia, product_id))


async def delete_media(media_id: int, *, by: Actor | None = None) -> None:
    staff.check(by, CATALOG)
    if not await ProductMedia.filter(id=media_id).delete():
        raise NotFound(entity="media", id=media_id)


async def list_media(product_id: int) -> list[ProductMedia]:
    return await ProductMedia.filter(product_id=product_id).order_by("sort_order", "id")


async def find_media(media_id: int | None) -> ProductMedia | None:
    """The media with this id; None when there is none (removed meanwhile, or no id given)."""
    return await ProductMedia.get_or_none(id=media_id)


async def media_count(product_id: int) -> int:
    return await ProductMedia.filter(product_id=product_id).count()


async def place_media(product_id: int, media_id: int, where: str | int,
                      *, by: Actor | None = None) -> positions.Placement:
    """Among the product's media: "top", "bottom", one step "up"/"down", or a typed position
    (from 1), the order customers get them in after the card."""
    staff.check(by, CATALOG)
    return await positions.place(ProductMedia, media_id, where, {"product_id": product_id})


async def media_position(media: ProductMedia) -> tuple[int, int]:
    return await positions.position_of(ProductMedia, media.id, {"product_id": media.product_id})
