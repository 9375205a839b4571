"""Where an item sits in an admin-ordered list (categories, products of a category, …).

Every move renumbers the whole list 0..n-1 in one transaction, so equal or gapped `sort_order`
values left by imports or old data never get stuck, and no two items share a position.
Positions the admin types count from 1, as people count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.models import Model
from tortoise.transactions import in_transaction

from .columns import column
from .errors import InvalidInput, NotFound

STEPS = {"up": -1, "down": 1}


@dataclass(frozen=True)
class Placement:
    position: int  # 1-based, after the move
    count: int
    moved: bool


def _target(where: str | int, current: int, count: int) -> int:
    if where == "top":
        return 0
    if where == "bottom":
        return count - 1
    if where in STEPS:
        return min(max(current + STEPS[where], 0), count - 1)
    # A typed position: bool is an int in Python, and True must not mean "1".
    if isinstance(where, bool) or not isinstance(where, int) or not 1 <= where <= count:
        raise InvalidInput(field="position", reason="range", min=1, max=count)
    return where - 1


async def place(model: type[Model], item_id: int, where: str | int,
                scope: dict[str, Any] | None = None) -> Placement:
    """Move `item_id` to the top, the bottom, one step up/down, or the typed position among the
    rows of `model` matching `scope` (e.g. {"category_id": 3})."""
    async with in_transaction():
        ids = await column(model.filter(**(scope or {})).order_by("sort_order", "id"), "id")
        if item_id not in ids:
            raise NotFound(entity=model.__name__.lower(), id=item_id)
        current = ids.index(item_id)
        target = _target(where, current, len(ids))
        ids.insert(target, ids.pop(current))
        for index, row_id in enumerate(ids):
            await model.filter(id=row_id).update(sort_order=index)
    return Placement(position=target + 1, count=len(ids), moved=target != current)


async def position_of(model: type[Model], item_id: int,
                      scope: dict[str, Any] | None = None) -> tuple[int, int]:
    """(1-based position, count) as the admin's list shows it."""
    ids = await column(model.filter(**(scope or {})).order_by("sort_order", "id"), "id")
    return (ids.index(item_id) + 1 if item_id in ids else 0), len(ids)
