"""Which admin notifications are alerts with buttons, and their keyboards.

An alert names one item (`subject` and its id, from the notification's payload); its buttons
carry that and an action as callback data. Callback data is only a request: the handlers in
admin_alerts.py check the tapper and the item again on the server.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from nanostore.services import admin_alerts as alerts

Translate = Callable[..., str]

APPROVE, CONFIRM, UNCONFIRM, REJECT, REPLY, DELIVER, OPEN = (
    "approve", "confirm", "unconfirm", "reject", "reply", "deliver", "open")


class AlertTap(CallbackData, prefix="alert"):
    # "alert:confirm:topup:2147483647" is 30 bytes: well under Telegram's 64.
    action: str
    subject: str
    item_id: int


@dataclass(frozen=True)
class AlertKind:
    subject: str
    id_key: str  # the payload key holding the item's id
    actions: tuple[str, ...]  # first row; Open always follows on its own row


DECIDE = (APPROVE, REJECT)
ALERT_KINDS = {
    "new_proof": AlertKind(alerts.PROOF, "proof_id", DECIDE),
    "new_topup": AlertKind(alerts.TOPUP, "topup_id", DECIDE),
    "new_ticket": AlertKind(alerts.TICKET, "ticket_id", (REPLY,)),
    "ticket_reply": AlertKind(alerts.TICKET, "ticket_id", (REPLY,)),
    "delivery_pool_empty": AlertKind(alerts.ORDER, "order_id", (DELIVER,)),
}
# The panel's own labels where the panel has the same button.
LABELS = {
    (alerts.PROOF, APPROVE): "admin_proofs.approve", (alerts.PROOF, REJECT): "admin_proofs.reject",
    (alerts.PROOF, CONFIRM): "admin_proofs.approve_yes",
    (alerts.TOPUP, APPROVE): "admin_topups.approve", (alerts.TOPUP, REJECT): "admin_topups.reject",
    (alerts.TOPUP, CONFIRM): "admin_topups.approve_yes",
    (alerts.TICKET, REPLY): "admin_tickets.reply",
    (alerts.ORDER, DELIVER): "admin_alerts.deliver",
}


def alert_subject(kind: str, payload: dict) -> tuple[str, int] | None:
    found = ALERT_KINDS.get(kind)
    if found is None:
        return None
    item_id = payload.get(found.id_key)
    return (found.subject, int(item_id)) if isinstance(item_id, int) else None


def alert_keyboard(actions: tuple[str, ...], subject: str, item_id: int,
                   t: Translate) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[
        [_button(t(LABELS[subject, action]), action, subject, item_id) for action in actions],
        [_button(t("admin_alerts.open"), OPEN, subject, item_id)],
    ])


def confirm_keyboard(subject: str, item_id: int, t: Translate) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        _button(t(LABELS[subject, CONFIRM]), CONFIRM, subject, item_id),
        _button(t("common.cancel"), UNCONFIRM, subject, item_id),
    ]])


def _button(text: str, action: str, subject: str, item_id: int) -> InlineKeyboardButton:
    data = AlertTap(action=action, subject=subject, item_id=item_id).pack()
    return InlineKeyboardButton(text=text, callback_data=data)
