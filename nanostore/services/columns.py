"""One column of a query as the plain list it is.

Tortoise's `values_list(field, flat=True)` returns a list of values, but its type hints say a
list of tuples; every caller would need a cast. `column()` is that cast, in one place.
"""

from __future__ import annotations

from typing import Any, cast

from tortoise.queryset import QuerySet


async def column(query: QuerySet[Any], field: str) -> list[Any]:
    return cast(list[Any], await query.values_list(field, flat=True))
