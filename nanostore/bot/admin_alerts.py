"""Taps on the buttons of admin alerts (plain messages from the notifier, not dialog windows).

Callback data can be forged, so every tap checks again on the server: the tapper holds the
role that acts on the item (payments for a proof or a top-up, support for a ticket, orders for
a delivery, as the panel's screens ask) and the item exists and still waits. Decisions go through the
same services as the panel; text answers (a rejection note, a ticket reply, a delivery) are
typed into the panel's own window for that item, opened seeded with it.
Refusals are domain errors: the error router answers them briefly, as it does in the panel.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager

from nanostore.bot.admin_screens import open_admin_window
from nanostore.bot.alert_buttons import (
    APPROVE,
    CONFIRM,
    DECIDE,
    DELIVER,
    OPEN,
    REJECT,
    REPLY,
    UNCONFIRM,
    AlertTap,
    alert_keyboard,
    confirm_keyboard,
)
from nanostore.db.models.enums import ReviewStatus
from nanostore.domain.orders import awaits_delivery
from nanostore.domain.staff import Actor
from nanostore.services import admin_alerts as alerts
from nanostore.services import orders, payments, tickets, wallet
from nanostore.services.errors import AccessDenied, AlreadyDecided, NotFound

Translate = Callable[..., str]


@dataclass(frozen=True)
class Item:
    load: Callable[[int, int], Awaitable[Any]]  # (item id, admin id); NotFound when gone
    waiting: Callable[[Any], bool]  # still waits for an admin
    dialog: str  # the panel's dialog and window showing it
    window: str
    key: str  # its id's key in that dialog's dialog_data
    actions: frozenset[str]
    role: str  # the staff role that acts on it (domain/staff.py)


def _pending(row: Any) -> bool:
    return row.status == ReviewStatus.PENDING


REVIEW = frozenset({APPROVE, CONFIRM, UNCONFIRM, REJECT, OPEN})
ITEMS = {
    alerts.PROOF: Item(lambda i, _: payments.get_proof(i), _pending, "admin_proofs", "proof",
                       "proof_id", REVIEW, "payments"),
    alerts.TOPUP: Item(lambda i, _: wallet.get_topup(i), _pending, "admin_topups", "topup",
                       "topup_id", REVIEW, "payments"),
    alerts.TICKET: Item(lambda i, admin: tickets.thread(i, admin, is_admin=True),
                        lambda _: True, "admin_tickets", "thread", "ticket_id",
                        frozenset({REPLY, OPEN}), "support"),
    alerts.ORDER: Item(lambda i, _: orders.get(i), awaits_delivery, "admin_orders",
                       "detail", "order_id", frozenset({DELIVER, OPEN}), "orders"),
}
# The panel's window where the admin types the text an action needs.
TEXT_WINDOWS = {REJECT: "reject", REPLY: "reply", DELIVER: "deliver"}


def admin_alerts_router() -> Router:
    router = Router(name="admin_alerts")
    router.callback_query.register(on_approve, AlertTap.filter(F.action == APPROVE))
    router.callback_query.register(on_unconfirm, AlertTap.filter(F.action == UNCONFIRM))
    router.callback_query.register(on_confirm, AlertTap.filter(F.action == CONFIRM))
    router.callback_query.register(on_open, AlertTap.filter(F.action == OPEN))
    router.callback_query.register(on_text_action, AlertTap.filter(F.action.in_(TEXT_WINDOWS)))
    return router


async def _checked(data: AlertTap, admin_id: int, actor: Actor | None) -> tuple[Item, Any]:
    """The item an admin's tap is about; AccessDenied or NotFound otherwise."""
    if actor is None or not actor.is_staff:
        raise AccessDenied(area="admin")
    item = ITEMS.get(data.subject)
    if item is None or data.action not in item.actions:
        raise NotFound(entity=data.subject, id=data.item_id)
    if not actor.holds(item.role):
        raise AccessDenied(area=item.role)
    return item, await item.load(data.item_id, admin_id)


async def _waiting(data: AlertTap, admin_id: int, actor: Actor | None) -> Item:
    """As _checked, and the item still waits for a decision; AlreadyDecided otherwise."""
    item, row = await _checked(data, admin_id, actor)
    if not item.waiting(row):
        raise AlreadyDecided(id=data.item_id, status=str(row.status))
    return item


async def on_approve(callback: CallbackQuery, callback_data: AlertTap, t: Translate,
                     actor: Actor | None = None) -> None:
    # As in the panel, an approval is confirmed in place: it pays an order or credits money.
    await _waiting(callback_data, callback.from_user.id, actor)
    await _alert_message(callback).edit_reply_markup(
        reply_markup=confirm_keyboard(callback_data.subject, callback_data.item_id, t))
    await callback.answer()


async def on_unconfirm(callback: CallbackQuery, callback_data: AlertTap, t: Translate,
                       actor: Actor | None = None) -> None:
    await _waiting(callback_data, callback.from_user.id, actor)
    await _alert_message(callback).edit_reply_markup(
        reply_markup=alert_keyboard(DECIDE, callback_data.subject, callback_data.item_id, t))
    await callback.answer()


async def on_confirm(callback: CallbackQuery, callback_data: AlertTap, t: Translate,
                     settings, notifier=None, actor: Actor | None = None) -> None:
    # No pending check of our own: the service's conditional update decides once, and a
    # double tap or a second admin gets AlreadyDecided from it.
    await _checked(callback_data, callback.from_user.id, actor)
    admin_id = callback.from_user.id
    if callback_data.subject == alerts.PROOF:
        await payments.approve_proof(callback_data.item_id, actor or Actor(id=admin_id),
                                     fallback_channel_id=settings.proofs_channel_id)
        answer = t("admin_proofs.approved")
    else:
        topup = await wallet.approve_topup(callback_data.item_id, actor or Actor(id=admin_id))
        answer = t("admin_topups.approved", amount=topup.amount, bonus=topup.bonus)
    if notifier is not None:
        notifier.wake()  # the customer's notice and the edits of every admin's alert
    await callback.answer(answer)


async def on_open(callback: CallbackQuery, callback_data: AlertTap, dialog_manager: DialogManager,
                  actor: Actor | None = None) -> None:
    item, _ = await _checked(callback_data, callback.from_user.id, actor)
    await callback.answer()
    await _open_keeping_alert(callback, callback_data, dialog_manager, item, item.window)


async def on_text_action(callback: CallbackQuery, callback_data: AlertTap,
                         dialog_manager: DialogManager, t: Translate, actor: Actor | None = None) -> None:
    item, row = await _checked(callback_data, callback.from_user.id, actor)
    # A reply may follow another; a rejection or a delivery needs the item still waiting.
    if callback_data.action == DELIVER and not item.waiting(row):
        await callback.answer(t("admin_alerts.order_delivered"), show_alert=True)
        return
    if callback_data.action == REJECT and not item.waiting(row):
        raise AlreadyDecided(id=callback_data.item_id, status=str(row.status))
    await callback.answer()
    await _open_keeping_alert(callback, callback_data, dialog_manager, item,
                              TEXT_WINDOWS[callback_data.action])


async def _open_keeping_alert(callback: CallbackQuery, data: AlertTap, manager: DialogManager,
                              item: Item, window: str) -> None:
    alert = _alert_message(callback)
    alert_buttons = alert.reply_markup
    await open_admin_window(manager, item.dialog, window, {item.key: data.item_id})
    if alert_buttons:
        # aiogram-dialog takes the buttons off the message tapped, as if it were its own
        # previous window; the alert keeps them until the item is decided.
        await alert.edit_reply_markup(reply_markup=alert_buttons)


def _alert_message(callback: CallbackQuery) -> Message:
    """The alert whose button was tapped. Telegram leaves it out (None, or an InaccessibleMessage
    for a deleted one) only when the bot cannot see it: then there is nothing to edit."""
    if not isinstance(callback.message, Message):
        raise RuntimeError(f"alert tap {callback.data!r} without its message "
                           f"({type(callback.message).__name__})")
    return callback.message
