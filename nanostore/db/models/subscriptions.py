from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from .enums import SubscriptionAccess, SubscriptionStatus

if TYPE_CHECKING:  # related models, for the relation types only
    from .catalog import DeliveryItem, Product
    from .users import User


class SubscriptionPlan(Model):
    # A product sold as a monthly Stars subscription (its stars_price a month) instead of through
    # the cart, and what each period gives. A table of its own: products stays as it was.
    id = fields.IntField(primary_key=True)
    product: fields.OneToOneRelation[Product] = fields.OneToOneField(
        "models.Product", related_name="subscription_plan", on_delete=fields.CASCADE)
    product_id: int
    access = fields.CharEnumField(SubscriptionAccess, max_length=8)
    chat_id = fields.BigIntField(null=True)  # CHANNEL: the channel or group the bot administers
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "subscription_plans"


class Subscription(Model):
    # A customer's monthly Stars subscription to a product (services/subscriptions.py). Its
    # invoice payload names it in every renewal; each charge is a StarsPayment row (exactly once).
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="subscriptions", on_delete=fields.RESTRICT)
    user_id: int
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="subscriptions", on_delete=fields.RESTRICT)
    product_id: int
    payload = fields.CharField(max_length=128, unique=True)
    charge_id = fields.CharField(max_length=255, unique=True)  # the first: Telegram's handle on it
    access = fields.CharEnumField(SubscriptionAccess, max_length=8)
    chat_id = fields.BigIntField(null=True)  # CHANNEL access: where the member is
    amount = fields.IntField()  # Stars a period
    status = fields.CharEnumField(SubscriptionStatus, max_length=16)
    expires_at = fields.DatetimeField()
    periods = fields.IntField(default=1)  # periods paid, the first included
    invite_link = fields.CharField(max_length=255, null=True)  # CHANNEL: sent once made
    keys_owed = fields.IntField(default=0)  # KEY: periods paid whose key the pool could not give
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "subscriptions"
        indexes = (Index(fields=("status", "expires_at")), Index(fields=("product_id", "status")),
                   Index(fields=("user_id", "created_at")))


class SubscriptionPeriod(Model):
    # One paid period: the charge that paid it (the first or a renewal), exactly once by its
    # charge id, and for KEY access the item handed over for it (it then leaves the pool).
    id = fields.BigIntField(primary_key=True)
    subscription: fields.ForeignKeyRelation[Subscription] = fields.ForeignKeyField(
        "models.Subscription", related_name="paid_periods", on_delete=fields.CASCADE)
    subscription_id: int
    charge_id = fields.CharField(max_length=255, unique=True)
    amount = fields.IntField()
    expires_at = fields.DatetimeField()
    item: fields.ForeignKeyNullableRelation[DeliveryItem] = fields.ForeignKeyField(
        "models.DeliveryItem", related_name="subscription_periods", null=True,
        on_delete=fields.SET_NULL)
    item_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "subscription_periods"
        indexes = (Index(fields=("subscription_id", "created_at")),)
