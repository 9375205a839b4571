"""One page of the products whose search_text contains a folded query: through the FTS5 trigram
table on SQLite, else `search_text LIKE '%query%'`.

Migration 0003 builds `products_fts` over products.search_text on SQLite. A trigram index can
only answer strings of 3+ characters, so shorter queries keep LIKE, and so does PostgreSQL,
whose trigram GIN index (0002) serves LIKE itself. Both ways find the same products: the text
and the query are case-folded in Python alike (search_text.py), and the query reaches FTS5 as
one quoted string, never as FTS syntax.
"""

from __future__ import annotations

import logging

from pypika_tortoise.context import SqlContext
from pypika_tortoise.terms import Term, ValueWrapper
from tortoise.exceptions import OperationalError
from tortoise.queryset import QuerySet

from nanostore.db.models import Product

from .paging import Page, paginate

TABLE = "products_fts"  # the name migration 0003 gives it
TRIGRAM = 3  # characters (code points) in a trigram: the shortest query the index can answer

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
    # FTS5 reads a string only up to a NUL character, then fails: such a query keeps LIKE.
    return (len(folded) >= TRIGRAM and "\x00" not in folded
            and Product._meta.db.capabilities.dialect == "sqlite")


async def page_containing(products: QuerySet[Product], folded: str, page: int,
                          page_size: int) -> Page[Product]:
    """The requested page of `products` whose search_text contains `folded` (already folded)."""
    if index_can_answer(folded):
        try:
            return await paginate(products.filter(id__in=IndexedProductIds(folded)), page, page_size)
        except OperationalError as error:
            # An SQLite without the trigram tokenizer when migration 0003 ran has no table:
            # slower, but search still works.
            if f"no such table: {TABLE}" not in str(error):
                raise
            log.warning("%s is missing: product search scans every product", TABLE)
    return await paginate(products.filter(search_text__contains=folded), page, page_size)
