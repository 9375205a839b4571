"""The admin audit log: who changed what, with the values before and after, read back by
admin and by kind of action.

Callers record inside their own transaction, so an action and its audit row commit together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Q

from nanostore.db.models import AuditEntry, User

from .columns import column
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


@dataclass(frozen=True)
class Kind:
    """A kind of action an owner thinks in, made of the action names' first parts
    ("order" for "order.status"): the one place that sorts actions into kinds."""
    id: str
    subjects: tuple[str, ...]

    def condition(self) -> Q:
        # "product." and not "product": product_faq.* and product_media.* are separate subjects.
        return Q(*(Q(action__startswith=f"{subject}.") for subject in self.subjects), join_type="OR")


KINDS = (
    Kind("orders", ("order",)),
    Kind("payments", ("proof", "topup", "payment_method")),
    Kind("catalog", ("category", "product", "product_faq", "product_items", "product_media",
                     "coupon", "review")),
    Kind("users", ("user", "wallet")),
    Kind("settings", ("settings", "content", "channel", "staff")),
    Kind("broadcast", ("broadcast",)),
)
KINDS_BY_ID = {kind.id: kind for kind in KINDS}


def known_kind(kind_id: Any) -> str | None:
    """The kind id if it still exists (an old button may carry a removed one), else None."""
    return kind_id if isinstance(kind_id, str) and kind_id in KINDS_BY_ID else None


@dataclass(frozen=True)
class Admin:
    id: int
    name: str  # "" when the admin never wrote to the bot


async def admins() -> list[Admin]:
    """The admins who appear in the log, by name: the ones a filter can choose."""
    ids = await column(AuditEntry.all().distinct(), "admin_id")
    people = {user.id: user for user in await User.filter(id__in=list(ids))}
    found = [Admin(admin_id, _name(people.get(admin_id))) for admin_id in set(ids)]
    return sorted(found, key=lambda admin: (admin.name.casefold() or "\uffff", admin.id))


def _name(user: User | None) -> str:
    if user is None:
        return ""
    return " ".join(part for part in (user.first_name, user.last_name) if part) or (
        f"@{user.username}" if user.username else "")


async def find_entry(entry_id: int | None) -> AuditEntry | None:
    """The entry with this id; None when there is none (a stale button, an id never given)."""
    return await AuditEntry.get_or_none(id=entry_id)


async def page(page: int = 0, page_size: int = DEFAULT_PAGE_SIZE, *, admin_id: int | None = None,
               kind: str | None = None) -> Page[AuditEntry]:
    """Newest first; only `admin_id`'s entries and only actions of `kind` when given."""
    entries = AuditEntry.all()
    if admin_id is not None:
        entries = entries.filter(admin_id=admin_id)
    known = known_kind(kind)
    if known:
        entries = entries.filter(KINDS_BY_ID[known].condition())
    return await paginate(entries.order_by("-created_at", "-id"), page, page_size)
