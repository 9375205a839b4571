"""Notifications as data: services enqueue them inside their transaction, the bot sends them.

`kind` names a template under locales/<lang>/notifications/, `payload` holds plain values for it.
"""

from __future__ import annotations

from typing import Any

from nanostore.db.models import OutboxMessage

USER = "user"
ADMINS = "admins"  # every id in ADMIN_IDS
CHANNEL = "channel"  # chat_id names the channel (proofs, log)
ALERTS = "alerts"  # edits the admins' alert messages about one item (services/admin_alerts.py)
ALERT_CLOSED = "alert_closed"  # the template of the line that says who decided and what


async def notify_user(user_id: int, kind: str, **payload: Any) -> None:
    await OutboxMessage.create(audience=USER, chat_id=user_id, kind=kind, payload=payload)


async def notify_admins(kind: str, **payload: Any) -> None:
    await OutboxMessage.create(audience=ADMINS, kind=kind, payload=payload)


async def post_to_channel(chat_id: int, kind: str, **payload: Any) -> None:
    await OutboxMessage.create(audience=CHANNEL, chat_id=chat_id, kind=kind, payload=payload)


async def edit_admin_alerts(**payload: Any) -> None:
    await OutboxMessage.create(audience=ALERTS, kind=ALERT_CLOSED, payload=payload)
