"""The admin audit log: who changed what, with the values before and after.

Callers record inside their own transaction, so an action and its audit row commit together.
"""

from __future__ import annotations

from typing import Any

from nanostore.db.models import AuditEntry

from .paging import DEFAULT_PAGE_SIZE, Page, paginate

TARGET_MAX = 64


async def record(admin_id: int, action: str, target: str | int = "", before: Any = None,
                 after: Any = None) -> AuditEntry:
    return await AuditEntry.create(admin_id=admin_id, action=action, target=str(target)[:TARGET_MAX],
                                   before=_json(before), after=_json(after))


TEXT_KEY = "text"


def _json(value: Any) -> Any:
    # Tortoise takes a bare string for already-encoded JSON (and "" for invalid JSON): a text
    # value is stored as {"text": ...}; `shown` unwraps it again.
    return {TEXT_KEY: value} if isinstance(value, str) else value


def shown(value: Any) -> Any:
    """A stored before/after value as it was recorded."""
    if isinstance(value, dict) and set(value) == {TEXT_KEY}:
        return value[TEXT_KEY]
    return value


async def page(page: int = 0, page_size: int = DEFAULT_PAGE_SIZE) -> Page[AuditEntry]:
    return await paginate(AuditEntry.all().order_by("-created_at", "-id"), page, page_size)
