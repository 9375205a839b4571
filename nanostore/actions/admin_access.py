"""Every admin getter and action checks the person, not only the menu that leads to it: an old
button, a forged callback or a demoted admin must get a refusal and change nothing.

Admin features register under names starting with `admin` and wrap each function with
`admin_only`; a test walks the registry and calls every such name as a customer.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from nanostore.services.errors import AccessDenied
from nanostore.ui import ActionContext

ADMIN_PREFIX = "admin"


def is_admin_name(name: str) -> bool:
    return name.split(".", 1)[0].startswith(ADMIN_PREFIX)


ADMIN_ONLY_MARK = "admin_only"  # found on guarded functions by the access walk


def admin_only(function: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(function)
    async def guarded(first: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_admin(first, kwargs):
            raise AccessDenied(area="admin")
        return await function(first, *args, **kwargs)

    setattr(guarded, ADMIN_ONLY_MARK, True)
    return guarded


def _is_admin(first: Any, kwargs: dict[str, Any]) -> bool:
    if isinstance(first, ActionContext):
        return bool(first.middleware_data.get("is_admin"))
    # A getter: (manager, **middleware data and YAML args). DialogManager is a Protocol without
    # runtime_checkable, so isinstance() on it raises: recognise it by what it has. Only the
    # middleware's answer counts: YAML args could otherwise say `is_admin: true`.
    if isinstance(getattr(first, "middleware_data", None), dict):
        return bool(first.middleware_data.get("is_admin"))
    return False
