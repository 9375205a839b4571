"""After a Stars payment, the checkout screen the payer still has open becomes the paid screen.

The invoice is a separate message below that screen; once Telegram reports the payment, "the
invoice is below: tap Pay" and the payment buttons would only invite a second payment.
"""

from __future__ import annotations

from aiogram_dialog import DialogManager, ShowMode

from nanostore.ui.states import STATES_FIELD, state_of

CHECKOUT = "checkout"
PAYING_WINDOWS = {f"{CHECKOUT}:pay", f"{CHECKOUT}:manual"}


def _is_paying_for(manager: DialogManager, order_id: int) -> bool:
    if not manager.has_context():
        return False
    context = manager.current_context()
    return context.state.state in PAYING_WINDOWS and context.dialog_data.get("order_id") == order_id


async def show_order_paid(manager: DialogManager | None, order_id: int) -> None:
    # Only the payer's open checkout of this very order: any other screen is theirs to keep.
    if manager is None or not _is_paying_for(manager, order_id):
        return
    group = manager.middleware_data[STATES_FIELD][CHECKOUT]
    # Edited in place: the screen they were looking at is the one that now says "paid".
    await manager.switch_to(state_of(group, "paid"), show_mode=ShowMode.EDIT)
    await manager.show()  # outside the dialog's own handlers nothing renders by itself
