"""Ways to pay by hand (bank transfer, crypto wallet…): what the customer sees before paying."""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from nanostore.db.models import PaymentMethod
from nanostore.domain.staff import Actor

from . import audit, positions, staff
from .columns import column
from .errors import InvalidInput, NotFound

NAME_MAX = 64
EMOJI_MAX = 16
DETAILS_MAX = 4000
PAYMENTS = "payments"  # the staff role that changes them


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
                 by: Actor | None = None) -> PaymentMethod:
    staff.check(by, PAYMENTS)
    fields: dict[str, Any] = {"name": _name(name), "emoji": _bounded(emoji, "emoji", EMOJI_MAX),
              "details": _bounded(details, "details", DETAILS_MAX)}
    async with in_transaction():
        last = await column(PaymentMethod.all().order_by("-sort_order"), "sort_order")
        method = await PaymentMethod.create(**fields, sort_order=last[0] + 1 if last else 0)
        await _audit(by, "payment_method.create", method.id, after=fields)
        return method


async def _audit(by: Actor | None, action: str, method_id: int, **values) -> None:
    if by is not None:
        await audit.record(by.id, action, method_id, **values)


async def update(method_id: int, name: str | None = None, emoji: str | None = None,
                 details: str | None = None, by: Actor | None = None) -> PaymentMethod:
    staff.check(by, PAYMENTS)
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
        await _audit(by, "payment_method.update", method_id,
                     before={k: v for k, v in before.items() if after[k] != v},
                     after={k: v for k, v in after.items() if before[k] != v})
    return method


async def toggle(method_id: int, by: Actor | None = None) -> bool:
    staff.check(by, PAYMENTS)
    async with in_transaction():
        method = await get(method_id)
        method.is_active = not method.is_active
        await method.save(update_fields=["is_active"])
        await _audit(by, "payment_method.toggle", method_id,
                     after={"is_active": method.is_active})
        return method.is_active


async def delete(method_id: int, by: Actor | None = None) -> None:
    # Orders and proofs keep existing; their link to the method becomes NULL.
    staff.check(by, PAYMENTS)
    async with in_transaction():
        method = await get(method_id)
        await PaymentMethod.filter(id=method_id).delete()
        await _audit(by, "payment_method.delete", method_id, before={"name": method.name})


async def list_all() -> list[PaymentMethod]:
    return await PaymentMethod.all().order_by("sort_order", "id")


async def list_active() -> list[PaymentMethod]:
    return await PaymentMethod.filter(is_active=True).order_by("sort_order", "id")


async def place(method_id: int, where: str | int, by: Actor | None = None) -> positions.Placement:
    """To the "top", the "bottom", one step "up"/"down", or a typed position (from 1): the
    order customers see the methods in."""
    staff.check(by, PAYMENTS)
    placed = await positions.place(PaymentMethod, method_id, where)
    if placed.moved:
        await _audit(by, "payment_method.move", method_id, after={"position": placed.position})
    return placed


async def position(method_id: int) -> tuple[int, int]:
    return await positions.position_of(PaymentMethod, method_id)
