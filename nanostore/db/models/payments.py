from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from .enums import CardPaymentStatus, CryptoInvoiceStatus, ReviewStatus, StarsPaymentStatus

if TYPE_CHECKING:  # related models, for the relation types only
    from .orders import Order
    from .users import User
    from .wallet import WalletTopUp


class PaymentMethod(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64)
    emoji = fields.CharField(max_length=16, default="")
    details = fields.TextField(default="")  # account numbers and instructions, Telegram HTML
    is_active = fields.BooleanField(default=True)
    sort_order = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "payment_methods"


class PaymentProof(Model):
    id = fields.BigIntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="proofs", on_delete=fields.CASCADE)
    order_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="proofs", on_delete=fields.CASCADE)
    user_id: int
    method: fields.ForeignKeyNullableRelation[PaymentMethod] = fields.ForeignKeyField(
        "models.PaymentMethod", related_name="proofs", null=True, on_delete=fields.SET_NULL)
    method_id: int | None
    file_id = fields.CharField(max_length=255)
    status = fields.CharEnumField(ReviewStatus, max_length=16, default=ReviewStatus.PENDING)
    admin_note = fields.TextField(null=True)
    decided_by = fields.BigIntField(null=True)
    decided_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "payment_proofs"
        indexes = (Index(fields=("status", "created_at")), Index(fields=("order_id",)))


class StarsPayment(Model):
    # Every successful Stars payment Telegram reported, keyed by its charge id (exactly once).

    id = fields.BigIntField(primary_key=True)
    charge_id = fields.CharField(max_length=255, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="stars_payments", on_delete=fields.RESTRICT)
    user_id: int
    order: fields.ForeignKeyNullableRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="stars_payments", null=True, on_delete=fields.SET_NULL)
    order_id: int | None
    topup: fields.ForeignKeyNullableRelation[WalletTopUp] = fields.ForeignKeyField(
        "models.WalletTopUp", related_name="stars_payments", null=True, on_delete=fields.SET_NULL)
    topup_id: int | None
    amount = fields.IntField()
    payload = fields.CharField(max_length=128)
    status = fields.CharEnumField(StarsPaymentStatus, max_length=16)
    created_at = fields.DatetimeField(auto_now_add=True)
    refunded_at = fields.DatetimeField(null=True)

    class Meta:
        table = "stars_payments"
        indexes = (Index(fields=("order_id",)), Index(fields=("status",)))


class CardPayment(Model):
    # Every successful card payment (Telegram Payments), keyed by the provider's charge id: the
    # id the provider's dashboard shows, where a refund is made; applied once whatever repeats.

    id = fields.BigIntField(primary_key=True)
    provider_charge_id = fields.CharField(max_length=255, unique=True)
    telegram_charge_id = fields.CharField(max_length=255)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="card_payments", on_delete=fields.RESTRICT)
    user_id: int
    order: fields.ForeignKeyNullableRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="card_payments", null=True, on_delete=fields.SET_NULL)
    order_id: int | None
    topup: fields.ForeignKeyNullableRelation[WalletTopUp] = fields.ForeignKeyField(
        "models.WalletTopUp", related_name="card_payments", null=True, on_delete=fields.SET_NULL)
    topup_id: int | None
    amount = fields.BigIntField()  # in the currency's smallest unit, as Telegram charged it
    currency = fields.CharField(max_length=3)
    payload = fields.CharField(max_length=128)
    status = fields.CharEnumField(CardPaymentStatus, max_length=16)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "card_payments"
        indexes = (Index(fields=("order_id",)), Index(fields=("status",)))


class CryptoInvoice(Model):
    # An invoice made at Crypto Pay (Crypto Bot) for an order or a top-up, priced in the shop's
    # currency. Keyed by Crypto Pay's invoice id; the status changes from ACTIVE exactly once,
    # whichever of the webhook and the reconciliation sees the payment first.

    id = fields.BigIntField(primary_key=True)
    invoice_id = fields.BigIntField(unique=True)  # Crypto Pay's id
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="crypto_invoices", on_delete=fields.RESTRICT)
    user_id: int
    order: fields.ForeignKeyNullableRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="crypto_invoices", null=True, on_delete=fields.SET_NULL)
    order_id: int | None
    topup: fields.ForeignKeyNullableRelation[WalletTopUp] = fields.ForeignKeyField(
        "models.WalletTopUp", related_name="crypto_invoices", null=True, on_delete=fields.SET_NULL)
    topup_id: int | None
    amount = fields.BigIntField()  # shop minor units (hundredths), what the invoice asks
    currency = fields.CharField(max_length=8)  # the fiat it is priced in (the shop's currency)
    pay_url = fields.CharField(max_length=512)
    status = fields.CharEnumField(CryptoInvoiceStatus, max_length=16)
    paid_asset = fields.CharField(max_length=16, null=True)
    paid_amount = fields.CharField(max_length=64, null=True)
    expires_at = fields.DatetimeField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "crypto_invoices"
        indexes = (Index(fields=("order_id",)), Index(fields=("status",)))
