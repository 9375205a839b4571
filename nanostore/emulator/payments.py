"""Invoices and Telegram Stars: sendInvoice, links, pre-checkout answers, refunds, the ledger.

Digital goods are paid in Stars: currency XTR, an empty provider token and exactly one price.
Card invoices name a fiat currency and carry the provider token from @BotFather; any token is
taken here (the emulator has no providers), an empty one is refused as Telegram does.
Every Stars charge and every refund is a line of the bot's ledger, read with getStarTransactions.
A link made with `subscription_period` starts a Stars subscription when paid (subscriptions.py).
"""

from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass, field

from nanostore.emulator import telegram_errors as errors
from nanostore.emulator.chats import chat_to_write
from nanostore.emulator.core import Core
from nanostore.emulator.messages import new_bot_message
from nanostore.emulator.params import Params
from nanostore.emulator.state import InvoiceRecord, StarTransactionRecord
from nanostore.emulator.text_rules import reply_markup_from


@dataclass
class PreCheckout:
    id: str
    created: float
    answer: asyncio.Future = field(default_factory=lambda: asyncio.get_running_loop().create_future())


def invoice_from(params: Params) -> InvoiceRecord:
    currency = params.required_str("currency")
    prices = params.json("prices") or []
    if not prices:
        raise errors.parameter_missing("prices")
    if currency == "XTR" and (len(prices) != 1 or params.str("provider_token")):
        raise errors.bad_request(errors.STARS_ONE_PRICE)
    if currency != "XTR" and not params.str("provider_token"):
        raise errors.bad_request(errors.PAYMENT_PROVIDER_INVALID)
    total = sum(int(price.get("amount", 0)) for price in prices)
    if total <= 0:
        raise errors.bad_request(errors.CURRENCY_TOTAL_AMOUNT_INVALID)
    return InvoiceRecord(title=params.required_str("title"),
                         description=params.required_str("description"),
                         payload=params.required_str("payload"), currency=currency,
                         total_amount=total)


async def send_invoice(core: Core, params: Params) -> dict:
    chat = chat_to_write(core, params)
    invoice = invoice_from(params)
    message = new_bot_message(core, chat, reply_markup=reply_markup_from(params),
                              extra={"invoice": invoice.to_api()})
    core.state.invoices[(chat.id, message.message_id)] = invoice
    return core.render(message)


SUBSCRIPTION_PERIOD = 2592000  # 30 days: the only period Telegram allows


async def create_invoice_link(core: Core, params: Params) -> str:
    invoice = invoice_from(params)
    if params.has("subscription_period"):
        # A subscription renews in Stars by itself: XTR only, and 30 days is the only period.
        if params.int("subscription_period") != SUBSCRIPTION_PERIOD or invoice.currency != "XTR":
            raise errors.bad_request(errors.SUBSCRIPTION_PERIOD_INVALID)
        if invoice.total_amount > errors.SUBSCRIPTION_MAX_STARS:
            raise errors.bad_request(errors.SUBSCRIPTION_PRICE_INVALID)
        invoice.subscription_period = SUBSCRIPTION_PERIOD
    link = f"https://t.me/$emulated{secrets.token_urlsafe(12)}"
    core.state.invoice_links[link] = invoice
    return link


async def answer_pre_checkout_query(core: Core, params: Params) -> bool:
    query = core.pre_checkouts.get(params.required_str("pre_checkout_query_id"))
    too_late = query is not None and (
        time.monotonic() - query.created > core.timing.pre_checkout_timeout
    )
    if query is None or query.answer.done() or too_late:
        raise errors.bad_request(errors.QUERY_TOO_OLD)
    ok = params.bool("ok")
    if not ok and not params.str("error_message"):
        raise errors.bad_request("ERROR_MESSAGE_EMPTY")
    query.answer.set_result((ok, params.str("error_message")))
    return True


async def refund_star_payment(core: Core, params: Params) -> bool:
    charge = core.state.charges.get(params.required_str("telegram_payment_charge_id"))
    if (charge is None or charge.user_id != params.required_int("user_id")
            or charge.currency != "XTR"):  # a card charge is refunded at its provider, not here
        raise errors.bad_request(errors.CHARGE_ID_INVALID)
    if charge.refunded:
        raise errors.bad_request(errors.CHARGE_ALREADY_REFUNDED)
    charge.refunded = True
    core.state.star_transactions.append(StarTransactionRecord(
        id=charge.charge_id, user_id=charge.user_id, amount=charge.total_amount,
        payload=charge.payload, date=core.state.now(), incoming=False))
    return True


MAX_TRANSACTIONS = 100


def star_transaction_to_api(core: Core, line: StarTransactionRecord) -> dict:
    user = core.state.users.get(line.user_id)
    partner: dict = {"type": "user", "transaction_type": "invoice_payment",
                     "user": user.to_api() if user else {"id": line.user_id, "is_bot": False,
                                                         "first_name": ""},
                     "invoice_payload": line.payload}
    if line.subscription_period:
        partner["subscription_period"] = line.subscription_period
    # Telegram's amount is never negative: the direction is told by `source` or `receiver`.
    return {"id": line.id, "amount": line.amount, "date": line.date,
            "source" if line.incoming else "receiver": partner}


async def get_star_transactions(core: Core, params: Params) -> dict:
    """Chronological order, oldest first; `offset` skips that many. The real server clamps
    offset to >= 0 and limit to 1..100 (default 100) rather than refusing them."""
    offset = max(0, params.int("offset", 0))
    limit = min(MAX_TRANSACTIONS, max(1, params.int("limit", MAX_TRANSACTIONS)))
    lines = core.state.star_transactions[offset:offset + limit]
    return {"transactions": [star_transaction_to_api(core, line) for line in lines]}


METHODS = {
    "sendInvoice": send_invoice, "createInvoiceLink": create_invoice_link,
    "answerPreCheckoutQuery": answer_pre_checkout_query, "refundStarPayment": refund_star_payment,
    "getStarTransactions": get_star_transactions,
}
