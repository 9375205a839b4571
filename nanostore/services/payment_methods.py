"""Ways to pay by hand (bank transfer, crypto wallet…): what the customer sees before paying."""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from nanostore.db.models import PaymentMethod

from . import audit, positions
from .columns import column
from .errors import InvalidInput, NotFound

NAME_MAX = 64
EMOJI_MAX = 16
DETAILS_MAX = 4000


def _name(name: str) -> str:
    name = (name or "").strip()
    if not 1 <= len(name) <= NAME_MAX:
        raise InvalidInput(field="name", reason="length", min=1, max=NAME_MAX)
    return name


def _bounded(value: str, field: str, maximum: int) -> str:
    value = (value or "").strip()
    if len(value) > maximum:
        raise InvalidInput(field=field, reason="length", min=0, max=maximum)
    return value


async def get(method_id: int) -> PaymentMethod:
    method = await PaymentMethod.get_or_none(id=method_id)
    if method is None:
        raise NotFound(entity="payment_method", id=method_id)
    return method


async def create(name: str, emoji: str = "", details: str = "",
                 admin_id: int | None = None) -> PaymentMethod:
    fields: dict[str, Any] = {"name": _name(name), "emoji": _bounded(emoji, "emoji", EMOJI_MAX),
              "details": _bounded(details, "details", DETAILS_MAX)}
    async with in_transaction():
        last = await column(PaymentMethod.all().order_by("-sort_order"), "sort_order")
        method = await PaymentMethod.create(**fields, sort_order=last[0] + 1 if last else 0)
        await _audit(admin_id, "payment_method.create", method.id, after=fields)
        return method


async def _audit(admin_id: int | None, action: str, method_id: int, **values) -> None:
    if admin_id is not None:
        await audit.record(admin_id, action, method_id, **values)


async def update(method_id: int, name: str | None = None, emoji: str | None = None,
                 details: str | None = None, admin_id: int | None = None) -> PaymentMethod:
    method = await get(method_id)
    before = {"name": method.name, "emoji": method.emoji, "details": method.details}
    if name is not None:
        method.name = _name(name)
    if emoji is not None:
        method.emoji = _bounded(emoji, "emoji", EMOJI_MAX)
    if details is not None:
        method.details = _bounded(details, "details", DETAILS_MAX)
    after = {"name": method.name, "emoji": method.emoji, "details": method.details}
    async with in_transaction():
        await method.save(update_fields=["name", "emoji", "details"])
        await _audit(admin_id, "payment_method.update", method_id,
                     before={k: v for k, v in before.items() if after[k] != v},
                     after={k: v for k, v in after.items() if before[k] != v})
    return method


async def toggle(method_id: int, admin_id: int | None = None) -> bool:
    async with in_transaction():
        method = await get(method_id)
        method.is_active = not method.is_active
        await method.save(update_fields=["is_active"])
        await _audit(admin_id, "payment_method.toggle", method_id,
                     after={"is_active": method.is_active})
        return method.is_active


async def delete(method_id: int, admin_id: int | None = None) -> None:
    # Orders and proofs keep existing; their link to the method becomes NULL.
    async with in_transaction():
        method = await get(method_id)
        await PaymentMethod.filter(id=method_id).delete()
        await _audit(admin_id, "payment_method.delete", method_id, before={"name": method.name})


async def list_all() -> list[PaymentMethod]:
    return await PaymentMethod.all().order_by("sort_order", "id")


async def list_active() -> list[PaymentMethod]:
    return await PaymentMethod.filter(is_active=True).order_by("sort_order", "id")


async def place(method_id: int, where: str | int, admin_id: int | None = None) -> positions.Placement:
    """To the "top", the "bottom", one step "up"/"down", or a typed position (from 1): the
    order customers see the methods in."""
    placed = await positions.place(PaymentMethod, method_id, where)
    if placed.moved:
        await _audit(admin_id, "payment_method.move", method_id, after={"position": placed.position})
    return placed


async def position(method_id: int) -> tuple[int, int]:
    return await positions.position_of(PaymentMethod, method_id)
