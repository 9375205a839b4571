"""Product search through the FTS5 trigram table on SQLite; catalog.search uses LIKE otherwise.

Migration 0003 builds `products_fts` over products.search_text on SQLite. A trigram index can
only answer strings of 3+ characters, so shorter queries keep `search_text LIKE '%query%'`, and
so does PostgreSQL, whose trigram GIN index (0002) serves LIKE itself. Both ways find the same
products: the text and the query are case-folded in Python alike (search_text.py), and the
query reaches FTS5 as one quoted string, never as FTS syntax.
"""

from __future__ import annotations

import logging
from functools import cache

from pypika_tortoise.context import SqlContext
from pypika_tortoise.terms import Term, ValueWrapper
from tortoise.exceptions import OperationalError
from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from nanostore.db.models import Category, Product

from .paging import Page, paginate

TABLE = "products_fts"  # the name migration 0003 gives it
TRIGRAM = 3  # characters (code points) in a trigram: the shortest query the index can answer
ORDER = ("name", "id")  # search results, whichever way they are found

log = logging.getLogger(__name__)


def fts_string(folded: str) -> str:
    """The query as one FTS5 string: in double quotes, a quote inside written twice, so
    AND/OR/NOT/NEAR, *, ^, :, -, parentheses and quotes all stay plain characters."""
    return '"' + folded.replace('"', '""') + '"'


class IndexedProductIds(Term):
    """`(SELECT rowid FROM products_fts WHERE products_fts MATCH ?)`, the query a bound parameter.

    The table's rowid is the product id (external content, content_rowid='id')."""

    def __init__(self, folded: str) -> None:
        super().__init__()
        self.match = ValueWrapper(fts_string(folded))

    def get_sql(self, ctx: SqlContext) -> str:
        return f"(SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH {self.match.get_sql(ctx)})"


def index_can_answer(folded: str) -> bool:
    return len(folded) >= TRIGRAM and Product._meta.db.capabilities.dialect == "sqlite"


def on_sale_matching(folded: str) -> QuerySet[Product]:
    """Products on sale (active, in an active category, as catalog.on_sale) whose text contains
    `folded`, through the index.

    No join to categories: with one, SQLite without ANALYZE statistics (a shop's usual state)
    starts from the active categories and reads every product in them; this way it starts from
    the index's matches and looks each one up by id (tests/services/test_search.py checks)."""
    active_categories = Subquery(Category.filter(is_active=True).values("id"))
    return Product.filter(id__in=IndexedProductIds(folded), is_active=True,
                          category_id__in=active_categories)


async def page_on_sale_matching(folded: str, page: int, page_size: int) -> Page[Product] | None:
    """The page of on_sale_matching in ORDER, or None when the database has no index table
    (an SQLite without the trigram tokenizer when migration 0003 ran): LIKE must answer."""
    try:
        return await paginate(on_sale_matching(folded).order_by(*ORDER), page, page_size)
    except OperationalError as error:
        if f"no such table: {TABLE}" not in str(error):
            raise
        _report_missing_table()
        return None


@cache  # once per process, not once per search
def _report_missing_table() -> None:
    log.warning("%s is missing: product search scans every product", TABLE)
