"""Ways to pay by hand (bank transfer, crypto wallet…): what the customer sees before paying."""

from __future__ import annotations

from nanostore.db.models import PaymentMethod

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


async def create(name: str, emoji: str = "", details: str = "") -> PaymentMethod:
    last = await PaymentMethod.all().order_by("-sort_order").values_list("sort_order", flat=True)
    return await PaymentMethod.create(name=_name(name), emoji=_bounded(emoji, "emoji", EMOJI_MAX),
                                      details=_bounded(details, "details", DETAILS_MAX),
                                      sort_order=last[0] + 1 if last else 0)


async def update(method_id: int, name: str | None = None, emoji: str | None = None,
                 details: str | None = None) -> PaymentMethod:
    method = await get(method_id)
    if name is not None:
        method.name = _name(name)
    if emoji is not None:
        method.emoji = _bounded(emoji, "emoji", EMOJI_MAX)
    if details is not None:
        method.details = _bounded(details, "details", DETAILS_MAX)
    await method.save(update_fields=["name", "emoji", "details"])
    return method


async def toggle(method_id: int) -> bool:
    method = await get(method_id)
    method.is_active = not method.is_active
    await method.save(update_fields=["is_active"])
    return method.is_active


async def delete(method_id: int) -> None:
    # Orders and proofs keep existing; their link to the method becomes NULL.
    if not await PaymentMethod.filter(id=method_id).delete():
        raise NotFound(entity="payment_method", id=method_id)


async def list_all() -> list[PaymentMethod]:
    return await PaymentMethod.all().order_by("sort_order", "id")


async def list_active() -> list[PaymentMethod]:
    return await PaymentMethod.filter(is_active=True).order_by("sort_order", "id")
