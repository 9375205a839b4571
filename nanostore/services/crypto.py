"""Paying with crypto through Crypto Pay (Crypto Bot): invoices for an order or a top-up, priced
in the shop's currency, and what a paid or expired invoice does. No Telegram here.

Each invoice is a CryptoInvoice row keyed by Crypto Pay's invoice id. Two roads report a
payment: Crypto Pay's webhook (signed; bot/crypto_webhook) and the reconciliation that reads
the open invoices back (bot/crypto_reconciler), because webhooks get lost. Both end in
`apply_remote`, where one conditional UPDATE takes the row out of ACTIVE: whichever comes
first pays the order or credits the top-up, in the same transaction; the other finds it done.
Crypto Pay cannot be asked to refund from here: a payment we cannot accept (for an order paid
another way meanwhile, or not matching what we invoiced) is recorded and the admins are told.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from tortoise.timezone import now as utc_now
from tortoise.transactions import in_transaction

from nanostore.db.models import CryptoInvoice, WalletTopUp
from nanostore.db.models.enums import CryptoInvoiceStatus as Status
from nanostore.domain.orders import is_payable

from . import orders, settings, wallet
from .columns import column
from .crypto_pay_api import CryptoPayApi, RemoteInvoice
from .errors import CryptoUnavailable, OrderNotPayable
from .outbox import notify_admins
from .settings import ShopSettings

INVOICE_SECONDS = 3600  # how long a customer has to pay one invoice; then a new one is made
# The fiat currencies Crypto Pay prices invoices in (its docs, December 2026).
FIATS = frozenset({"USD", "EUR", "RUB", "BYN", "UAH", "GBP", "CNY", "KZT", "UZS", "GEL", "TRY",
                   "AMD", "THB", "INR", "BRL", "IDR", "AZN", "AED", "PLN", "ILS", "KGS", "TJS"})
# The statuses a payment can still arrive from: an invoice we withdrew or saw expire may have
# been paid in the same second.
CLAIMABLE = (Status.ACTIVE, Status.EXPIRED, Status.CANCELLED)


@dataclass(frozen=True)
class CryptoOutcome:
    status: Status | None  # None: Crypto Pay reported an invoice this shop never made
    order_id: int | None
    user_id: int | None
    first_time: bool = True  # False when another report of the same payment got there first


def offered(shop: ShopSettings, has_token: bool) -> bool:
    """Customers see "Pay with crypto" only when the admin switched it on, a token is set and
    Crypto Pay can price invoices in the shop's currency."""
    return shop.crypto_enabled and has_token and shop.currency_code.upper() in FIATS


def fiat_amount(amount: int) -> str:
    """The shop's hundredths as the decimal string Crypto Pay takes: 1250 -> "12.50"."""
    return f"{amount // 100}.{amount % 100:02d}"


def is_expired(invoice: CryptoInvoice) -> bool:
    """No longer payable as far as the customer is concerned (Crypto Pay said so, or its time
    is up and the reconciliation has not asked yet)."""
    return invoice.status is Status.EXPIRED or (
        invoice.status is Status.ACTIVE and invoice.expires_at <= utc_now())


def minutes_left(invoice: CryptoInvoice) -> int:
    """Whole minutes until the invoice expires, 0 once it has."""
    return max(0, int((invoice.expires_at - utc_now()).total_seconds() // 60))


def payload_of(invoice: CryptoInvoice) -> str:
    """What we sent as the invoice's payload, from our own record."""
    return f"order:{invoice.order_id}" if invoice.order_id else f"topup:{invoice.amount}"


async def _enabled() -> ShopSettings:
    shop = await settings.load()
    if not offered(shop, has_token=True):
        raise CryptoUnavailable()
    return shop


async def invoice_for_order(api: CryptoPayApi, order_id: int, user_id: int,
                            description: str) -> CryptoInvoice:
    """The order's open invoice, or a new one for its amount due; refused when crypto is off or
    the order can no longer be paid (a stale or forged tap)."""
    shop = await _enabled()
    order = await orders.owned(order_id, user_id)
    if not is_payable(order):
        raise OrderNotPayable(order_id=order_id, payment_status=str(order.payment_status))
    reusable = await _open(user_id, order_id=order_id, amount=order.amount_due)
    if reusable is not None:
        return reusable
    return await _create(api, shop, user_id, order.amount_due, description, order_id=order_id)


async def invoice_for_topup(api: CryptoPayApi, user_id: int, amount: int,
                            description: str) -> CryptoInvoice:
    """An invoice to top the wallet up by `amount` (within the shop's range)."""
    shop = await _enabled()
    await wallet.check_topup_amount(amount)
    reusable = await _open(user_id, order_id=None, amount=amount)
    if reusable is not None:
        return reusable
    return await _create(api, shop, user_id, amount, description, order_id=None)


async def _open(user_id: int, order_id: int | None, amount: int) -> CryptoInvoice | None:
    """An unexpired invoice of this person for the same thing and amount: tapping again shows
    the same pay link instead of a second invoice that could be paid twice."""
    invoice = await CryptoInvoice.filter(user_id=user_id, order_id=order_id, amount=amount,
                                         status=Status.ACTIVE).order_by("-id").first()
    return invoice if invoice is not None and not is_expired(invoice) else None


async def _create(api: CryptoPayApi, shop: ShopSettings, user_id: int, amount: int,
                  description: str, order_id: int | None) -> CryptoInvoice:
    payload = f"order:{order_id}" if order_id else f"topup:{amount}"
    remote = await api.create_invoice(fiat=shop.currency_code.upper(), amount=fiat_amount(amount),
                                      accepted_assets=shop.crypto_assets, payload=payload,
                                      description=description, expires_in=INVOICE_SECONDS)
    expires = remote.expiration_date or utc_now()
    return await CryptoInvoice.create(
        invoice_id=remote.invoice_id, user_id=user_id, order_id=order_id, amount=amount,
        currency=shop.currency_code.upper(), pay_url=remote.pay_url[:512], status=Status.ACTIVE,
        expires_at=expires)


async def latest_for_order(order_id: int, user_id: int) -> CryptoInvoice | None:
    """The newest invoice of this person for the order, for the crypto pay screen."""
    return await CryptoInvoice.filter(order_id=order_id, user_id=user_id).order_by("-id").first()


async def owned(invoice_row_id: int, user_id: int) -> CryptoInvoice | None:
    return await CryptoInvoice.get_or_none(id=invoice_row_id, user_id=user_id)


async def paid_in_crypto(order_id: int) -> str | None:
    """What paid this order ("3.2 TON"), for the paid screen."""
    invoice = await CryptoInvoice.filter(order_id=order_id, status=Status.APPLIED).first()
    if invoice is None or not invoice.paid_amount:
        return None
    return f"{invoice.paid_amount} {invoice.paid_asset or ''}".strip()


async def check_now(api: CryptoPayApi, invoice: CryptoInvoice) -> CryptoInvoice:
    """Ask Crypto Pay about one invoice at once (the customer's "I have paid"), apply what it
    says and return the row as it is now."""
    for remote in await api.get_invoices([invoice.invoice_id]):
        await apply_remote(remote)
    return await CryptoInvoice.get(id=invoice.id)


async def open_invoice_ids() -> list[int]:
    """Crypto Pay ids of the invoices still waiting, oldest first (the reconciliation's list)."""
    return await column(CryptoInvoice.filter(status=Status.ACTIVE).order_by("id"), "invoice_id")


async def apply_remote(remote: RemoteInvoice) -> CryptoOutcome:
    """What Crypto Pay reports about an invoice, applied once: a payment pays the order or
    credits the top-up; an expiry is noted; anything else changes nothing."""
    invoice = await CryptoInvoice.get_or_none(invoice_id=remote.invoice_id)
    if invoice is None:
        if remote.status == "paid":  # not ours (another shop on the same app?): say so once
            await notify_admins("crypto_unknown", invoice_id=remote.invoice_id,
                                paid=f"{remote.paid_amount} {remote.paid_asset}",
                                payload=remote.payload[:128])
        return CryptoOutcome(None, None, None)
    if remote.status == "expired":
        await CryptoInvoice.filter(id=invoice.id, status=Status.ACTIVE).update(status=Status.EXPIRED)
    if remote.status != "paid":
        return CryptoOutcome(invoice.status, invoice.order_id, invoice.user_id, first_time=False)
    async with in_transaction():
        # The claim: of the webhook, its repeats and the reconciliation, one turns it paid.
        claimed = await CryptoInvoice.filter(id=invoice.id, status__in=CLAIMABLE).update(
            status=Status.MISMATCH, paid_asset=remote.paid_asset, paid_amount=remote.paid_amount)
        if claimed == 1:
            return await _apply(await CryptoInvoice.get(id=invoice.id), remote)
    settled = await CryptoInvoice.get(id=invoice.id)
    return CryptoOutcome(settled.status, settled.order_id, settled.user_id, first_time=False)


async def _apply(invoice: CryptoInvoice, remote: RemoteInvoice) -> CryptoOutcome:
    if not _as_invoiced(invoice, remote):
        await _tell_admins("crypto_mismatch", invoice, remote)
        return CryptoOutcome(Status.MISMATCH, invoice.order_id, invoice.user_id)
    if invoice.order_id is None:
        await wallet.credit_paid_topup(invoice.user_id, invoice.amount, "crypto",
                                       _linker(invoice), f"crypto:{invoice.invoice_id}")
        return CryptoOutcome(Status.APPLIED, None, invoice.user_id)
    status = Status.APPLIED if await orders.mark_paid(invoice.order_id, via="crypto") else Status.DUPLICATE
    await CryptoInvoice.filter(id=invoice.id).update(status=status)
    if status is Status.DUPLICATE:
        await _tell_admins("crypto_duplicate", invoice, remote)
    return CryptoOutcome(status, invoice.order_id, invoice.user_id)


def _linker(invoice: CryptoInvoice):
    async def link(topup: WalletTopUp) -> bool:
        return await CryptoInvoice.filter(id=invoice.id, topup_id=None).update(
            topup_id=topup.id, status=Status.APPLIED) == 1
    return link


def _as_invoiced(invoice: CryptoInvoice, remote: RemoteInvoice) -> bool:
    """Paid what we asked, in the currency we asked, for what we asked it for."""
    try:
        same_amount = Decimal(remote.amount) == Decimal(fiat_amount(invoice.amount))
    except InvalidOperation:
        return False
    return (same_amount and remote.currency_type == "fiat"
            and (remote.fiat or "").upper() == invoice.currency and remote.payload == payload_of(invoice))


async def withdraw_if_unpayable(api: CryptoPayApi, remote: RemoteInvoice) -> bool:
    """An open invoice whose order was paid another way or cancelled is withdrawn at Crypto Pay,
    so nobody pays it by mistake. Returns whether it was."""
    invoice = await CryptoInvoice.get_or_none(invoice_id=remote.invoice_id, status=Status.ACTIVE)
    if remote.status != "active" or invoice is None or invoice.order_id is None:
        return False
    if is_payable(await orders.get(invoice.order_id)):
        return False
    await api.delete_invoice(remote.invoice_id)
    return await CryptoInvoice.filter(id=invoice.id, status=Status.ACTIVE).update(
        status=Status.CANCELLED) == 1


async def _tell_admins(kind: str, invoice: CryptoInvoice, remote: RemoteInvoice) -> None:
    await notify_admins(kind, invoice_id=invoice.invoice_id, user_id=invoice.user_id,
                        order_id=invoice.order_id, paid=f"{remote.paid_amount} {remote.paid_asset}",
                        asked=f"{fiat_amount(invoice.amount)} {invoice.currency}",
                        reported=f"{remote.amount} {remote.fiat}")
