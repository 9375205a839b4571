"""The payer's side of a payment: pre_checkout_query, the bot's answer, then the
successful_payment message with a fresh telegram_payment_charge_id (and, as for every payment,
a provider_payment_charge_id: for a card invoice the id the provider's dashboard shows).

The charge is taken (and written to the Stars ledger) whether or not the bot ever sees the
successful_payment update: a bot that loses the update can still find it with getStarTransactions."""

from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass

from nanostore.emulator.core import Core
from nanostore.emulator.payments import PreCheckout
from nanostore.emulator.state import (
    ChargeRecord,
    InvoiceRecord,
    StarTransactionRecord,
    SubscriptionRecord,
    UserRecord,
)


class PaymentDeclined(AssertionError):
    """The bot answered the pre-checkout query with ok=False."""

    def __init__(self, error_message: str | None) -> None:
        super().__init__(f"the bot declined the payment: {error_message}")
        self.error_message = error_message


class PaymentNotAnswered(AssertionError):
    """The bot did not answer the pre-checkout query in time; Telegram cancels the payment."""


@dataclass
class Payment:
    charge: ChargeRecord
    invoice: InvoiceRecord
    # A subscription's charge: when the paid period ends, and whether it is the first one.
    subscription_expiration_date: int | None = None
    is_first_recurring: bool = False

    @property
    def charge_id(self) -> str:
        return self.charge.charge_id

    def successful_payment(self) -> dict:
        return {"currency": self.charge.currency, "total_amount": self.charge.total_amount,
                "invoice_payload": self.charge.payload,
                "telegram_payment_charge_id": self.charge.charge_id,
                "provider_payment_charge_id": f"provider_{self.charge.charge_id}",
                **self._subscription_fields()}

    def _subscription_fields(self) -> dict:
        if self.subscription_expiration_date is None:
            return {}
        fields: dict = {"subscription_expiration_date": self.subscription_expiration_date,
                        "is_recurring": True}
        if self.is_first_recurring:
            fields["is_first_recurring"] = True
        return fields


async def ask_pre_checkout(core: Core, user: UserRecord, invoice: InvoiceRecord) -> None:
    query = PreCheckout(id=core.state.new_query_id(), created=time.monotonic())
    core.pre_checkouts[query.id] = query
    core.push_update("pre_checkout_query", {
        "id": query.id, "from": user.to_api(), "currency": invoice.currency,
        "total_amount": invoice.total_amount, "invoice_payload": invoice.payload,
    }, chat_id=user.id)
    try:
        ok, error_message = await asyncio.wait_for(asyncio.shield(query.answer),
                                                   core.timing.pre_checkout_timeout)
    except TimeoutError:
        raise PaymentNotAnswered(
            f"no answerPreCheckoutQuery within {core.timing.pre_checkout_timeout}s"
        ) from None
    if not ok:
        raise PaymentDeclined(error_message)


def record_charge(core: Core, user: UserRecord, invoice: InvoiceRecord) -> Payment:
    """A charge of the invoice; paying a subscription invoice starts the subscription."""
    payment = take_charge(core, user, invoice)
    invoice.times_paid += 1
    if invoice.subscription_period:
        expires = core.state.now() + invoice.subscription_period
        core.state.subscriptions[payment.charge_id] = SubscriptionRecord(
            id=payment.charge_id, user_id=user.id, invoice=invoice, expires=expires,
            charge_ids=[payment.charge_id])
        payment.subscription_expiration_date, payment.is_first_recurring = expires, True
    return payment


def take_charge(core: Core, user: UserRecord, invoice: InvoiceRecord) -> Payment:
    """The money side of a charge: its record and its line in the Stars ledger."""
    prefix = "stxEMU" if invoice.currency == "XTR" else "tgEMU"  # Stars charge ids start with stx
    charge = ChargeRecord(charge_id=f"{prefix}{secrets.token_hex(16)}", user_id=user.id,
                          total_amount=invoice.total_amount, currency=invoice.currency,
                          payload=invoice.payload)
    core.state.charges[charge.charge_id] = charge
    if charge.currency == "XTR":
        core.state.star_transactions.append(StarTransactionRecord(
            id=charge.charge_id, user_id=user.id, amount=charge.total_amount,
            payload=charge.payload, date=core.state.now(), incoming=True,
            subscription_period=invoice.subscription_period))
    return Payment(charge, invoice)
