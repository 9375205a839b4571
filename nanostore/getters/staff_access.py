"""The access names screens may give as `access:`: one per staff role (domain/staff.py), plus
`staff` (any role: the admin panel itself) and `owner` (only the configured owners).

The identity middleware (bot/middlewares/identity.py) puts the acting person (`actor`) into
the middleware data of every update, read fresh from their row, so a role taken away counts
from the person's next tap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from nanostore.domain.staff import ACCESS_NAMES, OWNER, STAFF, Actor
from nanostore.ui import default_registry as registry

WHO = {OWNER: "only the shop's owners (ADMIN_IDS)",
       STAFF: "owners and anyone with at least one staff role"}


def holds(data: Mapping[str, Any], name: str) -> bool:
    actor = data.get("actor")
    return isinstance(actor, Actor) and actor.holds(name)


def _rule(name: str) -> Callable[[Mapping[str, Any]], bool]:
    def rule(data: Mapping[str, Any]) -> bool:
        return holds(data, name)
    rule.__doc__ = f"{WHO.get(name, f'owners and staff with the {name} role')}."
    rule.__name__ = rule.__qualname__ = f"holds_{name}"
    return rule


for _name in ACCESS_NAMES:
    registry.access(_name)(_rule(_name))
