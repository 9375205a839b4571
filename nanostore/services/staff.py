"""Staff: who holds which back-office role, giving and taking roles, and the check every
service that changes money, stock or settings makes on the person acting.

Owners come from configuration (ADMIN_IDS): the bot passes their ids in, and an owner's rights
cannot be changed here, so the last owner can never lose them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from tortoise.transactions import in_transaction

from nanostore.db.models import User
from nanostore.domain.staff import (
    OWNER,
    ROLES,
    Actor,
    UnknownRole,
    alert_recipients,
    alert_role,
    parse_roles,
    stored_roles,
)

from . import audit
from . import settings as shop_settings
from .errors import AccessDenied, DomainError, InvalidInput, NotFound


class OwnerRightsFixed(DomainError):
    """Owners hold every role because ADMIN_IDS says so: the bot cannot change that."""

    code = "owner_rights_fixed"


def require(actor: Actor, role: str) -> None:
    """The second line of defence behind the screens' `access:`: refuse without the role."""
    if not actor.holds(role):
        raise AccessDenied(area=role)


def check(by: Actor | None, role: str) -> None:
    """`require` for a service the shop itself also calls (the demo, import, test set-up): None
    is the shop; every action passes who acts (tests/services/test_staff_guards.py holds it)."""
    if by is not None:
        require(by, role)


def actor_for(user: User, owners: Collection[int]) -> Actor:
    return Actor(id=user.id, roles=parse_roles(user.staff_roles), is_owner=user.id in owners)


async def roles_of(user_id: int) -> frozenset[str]:
    found = await User.filter(id=user_id).values_list("staff_roles", flat=True)
    if not found:
        raise NotFound(entity="user", id=user_id)
    return parse_roles(str(found[0]))


async def set_roles(actor: Actor, user_id: int, roles: Iterable[str],
                    owners: Collection[int]) -> bool:
    """An owner gives `user_id` exactly these roles; True when something changed (audited)."""
    require(actor, OWNER)
    if user_id in owners:
        raise OwnerRightsFixed(user_id=user_id)
    try:
        after = stored_roles(roles)
    except UnknownRole as error:
        raise InvalidInput(field="role", reason=str(error)) from None
    async with in_transaction():
        before = await roles_of(user_id)
        if await User.filter(id=user_id).update(staff_roles=after) != 1:
            raise NotFound(entity="user", id=user_id)
        if parse_roles(after) == before:
            return False
        await audit.record(actor.id, "staff.roles", user_id, before=stored_roles(before),
                           after=after)
    return True


async def toggle_role(actor: Actor, user_id: int, role: str, owners: Collection[int]) -> bool:
    """Give the role if the person lacks it, take it otherwise; True when they now hold it."""
    if role not in ROLES:
        raise InvalidInput(field="role", reason=role)
    current = set(await roles_of(user_id))
    current.symmetric_difference_update({role})
    await set_roles(actor, user_id, current, owners)
    return role in current


async def holders(role: str) -> list[int]:
    """Ids of the non-owner staff holding `role` (owners are added by the caller)."""
    if role not in ROLES:
        return []
    rows = await User.filter(staff_roles__contains=role, is_banned=False).values_list(
        "id", "staff_roles")
    return sorted(int(user_id) for user_id, stored in rows if role in parse_roles(str(stored)))


async def staff_ids() -> list[int]:
    return sorted(int(str(user_id)) for user_id in
                  await User.exclude(staff_roles="").values_list("id", flat=True))


async def alert_chats(kind: str, owners: Collection[int]) -> list[int]:
    """Who gets an admin alert of this kind (domain/staff.alert_recipients)."""
    role = alert_role(kind)
    own_only = (await shop_settings.load()).owners_own_alerts
    return alert_recipients(role, owners, await holders(role), own_only)


async def wants_every_alert(owner_id: int) -> bool:
    return owner_id not in (await shop_settings.load()).owners_own_alerts


async def set_every_alert(actor: Actor, every: bool) -> bool:
    """An owner chooses every alert (the default) or only those of areas they act on: the
    owners' own and those of an area no staff member holds. Audited; True when it changed."""
    require(actor, OWNER)
    before = set((await shop_settings.load()).owners_own_alerts)
    after = before - {actor.id} if every else before | {actor.id}
    if after == before:
        return False
    async with in_transaction():
        await shop_settings.update("owners_own_alerts", sorted(after))
        await audit.record(actor.id, "staff.alerts", actor.id, before={"every": not every},
                           after={"every": every})
    return True
