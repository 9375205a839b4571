"""What happened to an order or a wallet, told to whoever follows it.

A service that changes money or an order publishes an event inside its own transaction; the
followers (`followers.py`: delivery, referral rewards, notifications, audit) run in that same
transaction, so they happen together with the change or not at all, and the money path reads
top to bottom without knowing who follows. A new follower (a subscription renewal, a review
request) subscribes in followers.py; the money path does not change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar


@dataclass(frozen=True)
class OrderPaid:
    order_id: int
    user_id: int
    amount: int  # what was due when paid, in the shop's minor units
    currency: str
    via: str  # "stars", "wallet", "proof", ...


@dataclass(frozen=True)
class ItemsDelivered:
    order_id: int
    user_id: int
    items: list[dict[str, Any]]  # delivery.item_payload of each item handed over
    admin_id: int | None = None  # set when an admin delivered by hand


@dataclass(frozen=True)
class OrderCancelled:
    order_id: int
    user_id: int
    previous_status: str
    admin_id: int | None = None  # None when the customer cancelled
    expired: bool = False  # cancelled by itself: not paid before its hold ran out


@dataclass(frozen=True)
class TopUpCredited:
    topup_id: int
    user_id: int
    amount: int
    bonus: int
    balance: int  # after the credit
    via: str  # "proof", "stars" or "card"


@dataclass(frozen=True)
class ProductAvailable:
    """The product may have become buyable again: stock raised or given back, keys added, the
    product or its category shown again (its followers check whether it really is)."""

    product_id: int


Event = OrderPaid | ItemsDelivered | OrderCancelled | TopUpCredited | ProductAvailable
E = TypeVar("E", OrderPaid, ItemsDelivered, OrderCancelled, TopUpCredited, ProductAvailable)
Follower = Callable[[Any], Awaitable[None]]


@dataclass
class _Followers:
    by_event: dict[type, list[Follower]] = field(default_factory=lambda: defaultdict(list))
    wired: bool = False


_followers = _Followers()


def follow(event_type: type[E]) -> Callable[[Callable[[E], Awaitable[None]]], Callable[[E], Awaitable[None]]]:
    """Decorator: run the function, in order of subscription, each time `event_type` happens."""
    def subscribe(function: Callable[[E], Awaitable[None]]) -> Callable[[E], Awaitable[None]]:
        _followers.by_event[event_type].append(function)
        return function
    return subscribe


def followers_of(event_type: type) -> list[Follower]:
    _wire()
    return list(_followers.by_event[event_type])


async def publish(event: Event) -> None:
    """Runs every follower of the event now, in the caller's transaction; a follower's error
    rolls the whole change back, as it did when the calls were written inline."""
    for follower in followers_of(type(event)):
        await follower(event)


def _wire() -> None:
    # Late and once: followers.py imports delivery, referrals and the outbox, which themselves
    # publish events; importing it at the top would make every service import every other.
    if not _followers.wired:
        _followers.wired = True
        from . import followers  # noqa: F401
