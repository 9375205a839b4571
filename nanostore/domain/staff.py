"""Who may do what in the back office: staff roles, owners, and which role each alert needs.

Owners are the shop's configured admins (ADMIN_IDS): they hold every role and no one can take
that away in the bot. Anyone else may be given roles by an owner; a role names one back-office
area. Screens name these roles in `access:`; services check them again before they change
money, stock or settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ROLES = ("catalog", "orders", "payments", "users", "support", "content", "broadcast", "settings")
OWNER = "owner"  # only owners: giving and taking roles
STAFF = "staff"  # anyone with at least one role: the panel itself
ACCESS_NAMES = (*ROLES, STAFF, OWNER)
SEPARATOR = ","

# Which role acts on each admin alert (locales/<lang>/notifications/<kind>.j2); others go to
# owners only.
ALERT_ROLES = {
    "new_order": "orders", "order_paid": "orders", "delivery_pool_empty": "orders",
    "new_proof": "payments", "new_topup": "payments", "stars_orphan": "payments",
    "stars_duplicate": "payments", "card_orphan": "payments", "card_duplicate": "payments",
    "crypto_unknown": "payments", "crypto_duplicate": "payments", "crypto_mismatch": "payments",
    "new_ticket": "support", "ticket_reply": "support",
    "low_stock": "catalog", "new_review": "catalog", "invalid_image_cleared": "content",
    "force_join_unchecked": "settings", "subscription_unknown": "payments",
    "subscription_refunded": "payments", "subscription_pool_empty": "orders",
    "subscription_access_kept": "catalog",
}


class UnknownRole(ValueError):
    pass


def parse_roles(stored: str | None) -> frozenset[str]:
    """The roles kept on a person's row; a name this version does not know is ignored."""
    return frozenset(name for name in (stored or "").split(SEPARATOR) if name in ROLES)


def stored_roles(roles: Iterable[str]) -> str:
    roles = set(roles)
    unknown = roles - set(ROLES)
    if unknown:
        raise UnknownRole(", ".join(sorted(unknown)))
    return SEPARATOR.join(role for role in ROLES if role in roles)


@dataclass(frozen=True)
class Actor:
    """The person acting, as a service sees them."""

    id: int
    roles: frozenset[str] = frozenset()
    is_owner: bool = False

    def holds(self, access: str) -> bool:
        if self.is_owner:
            return True
        if access == STAFF:
            return bool(self.roles)
        return access in self.roles

    @property
    def is_staff(self) -> bool:
        return self.is_owner or bool(self.roles)


SYSTEM = Actor(id=0, is_owner=True)  # the shop itself: start-up recovery, reconciliation


def alert_role(kind: str) -> str:
    return ALERT_ROLES.get(kind, OWNER)


def alert_recipients(role: str, owners: Iterable[int], holders: Iterable[int],
                     own_only: Iterable[int]) -> list[int]:
    """Who gets an alert needing `role`: the staff holding it and every owner, except owners who
    chose to get only the alerts of areas they act on (`own_only`): they still get the owners'
    own alerts and those of an area no staff member holds, so every alert reaches someone."""
    holders = set(holders)
    owners = set(owners)
    if role != OWNER and holders:
        owners -= set(own_only)
    return sorted(owners | holders)
