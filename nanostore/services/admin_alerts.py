"""Alerts to admins that wait for a decision, and the decision that closes them.

The notifier remembers each copy it sends (one per admin). The service that decides calls
`decided` inside its own transaction: an outbox row, sent after commit like any notification,
tells the notifier to edit every open copy with who decided and what. Decisions taken in the
panel close the alerts the same way as decisions taken on an alert.
"""

from __future__ import annotations

from tortoise.timezone import now as utc_now

from nanostore.db.models import AdminAlert, User

from .outbox import edit_admin_alerts

PROOF, TOPUP, TICKET, ORDER = "proof", "topup", "ticket", "order"
APPROVED, REJECTED, ANSWERED, CLOSED, DELIVERED = (
    "approved", "rejected", "answered", "closed", "delivered")


async def remember(subject: str, subject_id: int, chat_id: int, message_id: int, text: str,
                   has_photo: bool) -> AdminAlert:
    return await AdminAlert.create(subject=subject, subject_id=subject_id, chat_id=chat_id,
                                   message_id=message_id, text=text, has_photo=has_photo)


async def decided(subject: str, subject_id: int, outcome: str, admin_id: int,
                  reason: str | None = None) -> None:
    await edit_admin_alerts(subject=subject, subject_id=subject_id, outcome=outcome,
                            by=await _name_of(admin_id), reason=reason or "")


async def open_copies(subject: str, subject_id: int) -> list[AdminAlert]:
    return await AdminAlert.filter(subject=subject, subject_id=subject_id,
                                   closed_at=None).order_by("id")


async def mark_closed(alert_id: int) -> None:
    await AdminAlert.filter(id=alert_id, closed_at=None).update(closed_at=utc_now())


async def _name_of(admin_id: int) -> str:
    # What the other admins know the decider by: @username, else the first name, else the id.
    row = await User.filter(id=admin_id).values("username", "first_name")
    if row and row[0]["username"]:
        return f"@{row[0]['username']}"
    if row and row[0]["first_name"]:
        return row[0]["first_name"]
    return str(admin_id)
