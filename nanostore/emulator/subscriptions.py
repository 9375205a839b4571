"""Stars subscriptions: renewals each period, and editUserStarSubscription.

Paying an invoice link made with `subscription_period` starts one (checkout.record_charge);
it is named by its first charge's id. Each renewal is a new charge (a new id and a line in the
Stars ledger) sent as a successful_payment with `is_recurring` and the new
`subscription_expiration_date`; Telegram sends no pre_checkout_query for it. A subscription the
user or the bot cancelled is not renewed: it simply runs out.
"""

from __future__ import annotations

from nanostore.emulator import telegram_errors as errors
from nanostore.emulator.checkout import Payment, take_charge
from nanostore.emulator.core import Core
from nanostore.emulator.params import Params
from nanostore.emulator.state import SubscriptionRecord


class SubscriptionCanceled(AssertionError):
    """A cancelled subscription is not renewed."""


def find(core: Core, charge_id: str) -> SubscriptionRecord | None:
    """The subscription a charge belongs to, by its first charge's id or any renewal's."""
    subscriptions = core.state.subscriptions
    return subscriptions.get(charge_id) or next(
        (sub for sub in subscriptions.values() if charge_id in sub.charge_ids), None)


def renew(core: Core, charge_id: str) -> Payment:
    """The next period's charge; raises SubscriptionCanceled for a cancelled subscription."""
    sub = find(core, charge_id)
    if sub is None:
        raise KeyError(f"no subscription with charge {charge_id!r}")
    if sub.canceled:
        who = "the user" if sub.canceled_by_user else "the bot"
        raise SubscriptionCanceled(f"subscription {sub.id} was cancelled by {who}")
    payment = take_charge(core, core.state.users[sub.user_id], sub.invoice)
    period = sub.invoice.subscription_period or 0
    sub.expires = max(sub.expires, core.state.now()) + period
    sub.charge_ids.append(payment.charge_id)
    payment.subscription_expiration_date = sub.expires
    return payment


async def edit_user_star_subscription(core: Core, params: Params) -> bool:
    """is_canceled=True stops renewals (the period paid for runs to its end); False lets a
    subscription the bot cancelled renew again. One the user cancelled stays theirs to resume."""
    sub = find(core, params.required_str("telegram_payment_charge_id"))
    if sub is None or sub.user_id != params.required_int("user_id"):
        raise errors.bad_request(errors.CHARGE_ID_INVALID)
    if not params.has("is_canceled"):
        raise errors.parameter_missing("is_canceled")
    if params.bool("is_canceled"):
        sub.canceled_by_bot = True
    elif not sub.canceled_by_bot:
        raise errors.bad_request(errors.SUBSCRIPTION_NOT_CANCELED)
    else:
        sub.canceled_by_bot = False
    return True


METHODS = {"editUserStarSubscription": edit_user_star_subscription}
