"""What customers browse: pages of active products, a product card, search.

A product is on sale only while it and its category are both active; an old button pointing at a
hidden product gets ProductUnavailable, never the card.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import RawSQL

from nanostore.db.models import Category, Product, ProductFaq, ProductMedia
from nanostore.db.prepared import Prepared
from nanostore.domain.products import (  # noqa: F401  (public here: the catalog's vocabulary)
    IN_STOCK,
    LOW_STOCK,
    ON_SALE,
    OUT_OF_STOCK,
    UNLIMITED,
    available_units,
    stock_label,
)

from . import search_index
from .errors import NotFound, ProductUnavailable
from .paging import DEFAULT_PAGE_SIZE, Page, paginate
from .search_text import query_text


@dataclass(frozen=True)
class ProductDetail:
    product: Product
    category_name: str
    faqs: list[ProductFaq]
    media: list[ProductMedia]
    review_count: int = 0  # visible reviews
    review_total: int = 0  # the sum of their ratings
    viewer_waits: bool = False  # the viewer asked to be told when it is back in stock


def on_sale():
    return Product.filter(**ON_SALE)


# Read on every catalog tap (the action checks, the getter shows): SQL built once.
_BROWSABLE = Prepared(Category, lambda category_id: Category.filter(id=category_id, is_active=True)
                      .limit(1))
_SELLABLE = Prepared(Product, lambda product_id: on_sale().filter(id=product_id)
                     .select_related("category").limit(1))
_FAQS = Prepared(ProductFaq, lambda product_id: ProductFaq.filter(product_id=product_id)
                 .order_by("sort_order", "id"))
_MEDIA = Prepared(ProductMedia, lambda product_id: ProductMedia.filter(product_id=product_id)
                  .order_by("sort_order", "id"))


async def browsable_category(category_id: int) -> Category:
    """An active category; a hidden or deleted one is NotFound, even from an old button."""
    category = await _BROWSABLE.first(category_id)
    if category is None:
        raise NotFound(entity="category", id=category_id)
    return category


async def products_page(category_id: int, page: int = 0,
                        page_size: int = DEFAULT_PAGE_SIZE) -> Page[Product]:
    query = on_sale().filter(category_id=category_id).order_by("sort_order", "id")
    return await paginate(query, page, page_size)


async def sellable_product(product_id: int) -> Product:
    product = await _SELLABLE.first(product_id)
    if product is None:
        raise ProductUnavailable(product_id=product_id)
    return product


def _card_figures(viewer_id: int) -> dict[str, RawSQL]:
    # Subqueries in the product's own statement: the card's reviews and the viewer's alert
    # cost no statement of their own (tests/e2e/test_sql_budget.py).
    visible = "FROM reviews WHERE reviews.product_id = products.id AND NOT reviews.is_hidden"
    return {"review_count": RawSQL(f"(SELECT COUNT(*) {visible})"),
            "review_total": RawSQL(f"(SELECT COALESCE(SUM(reviews.rating), 0) {visible})"),
            "viewer_waits": RawSQL("(SELECT COUNT(*) FROM stock_alerts WHERE stock_alerts.product_id"
                                   f" = products.id AND stock_alerts.user_id = {int(viewer_id)})")}


async def product_detail(product_id: int, viewer_id: int = 0) -> ProductDetail:
    product = await on_sale().filter(id=product_id).select_related("category").annotate(
        **_card_figures(viewer_id)).first()
    if product is None:
        raise ProductUnavailable(product_id=product_id)
    faqs, media = await _FAQS.all(product_id), await _MEDIA.all(product_id)
    figures = product.__dict__
    return ProductDetail(product=product, category_name=product.category.name, faqs=faqs,
                         media=media, review_count=int(figures["review_count"] or 0),
                         review_total=int(figures["review_total"] or 0),
                         viewer_waits=bool(figures["viewer_waits"]))


async def search(query: str, page: int = 0, page_size: int = DEFAULT_PAGE_SIZE) -> Page[Product]:
    folded = query_text(query)
    if not folded:
        return Page(items=[], total=0, page=0, page_size=page_size)
    if search_index.index_can_answer(folded):
        found = await search_index.page_on_sale_matching(folded, page, page_size)
        if found is not None:
            return found
    like = on_sale().filter(search_text__contains=folded).order_by(*search_index.ORDER)
    return await paginate(like, page, page_size)
