"""One page of a list read from the database, shared by every paged service function.

Pages count from 0, like aiogram-dialog's scroll widgets (`StubScroll`), so a getter can pass
the widget's page straight through. An empty list still has one (empty) page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tortoise.queryset import QuerySet

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page + 1 < self.pages

    @property
    def has_prev(self) -> bool:
        return self.page > 0


def clamp_page_size(page_size: int) -> int:
    return min(max(1, page_size), MAX_PAGE_SIZE)


async def paginate(queryset: QuerySet[Any], page: int, page_size: int = DEFAULT_PAGE_SIZE) -> Page[Any]:
    """Count, then fetch the requested page; a page past the end shows the last one (a list
    can shrink while someone is looking at its last page)."""
    page_size = clamp_page_size(page_size)
    total = await queryset.count()
    last_page = max(0, (total - 1) // page_size)
    page = min(max(0, page), last_page)
    items = await queryset.offset(page * page_size).limit(page_size) if total else []
    return Page(items=list(items), total=total, page=page, page_size=page_size)
