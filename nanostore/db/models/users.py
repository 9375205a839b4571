from __future__ import annotations

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model


class User(Model):
    # A Telegram user; the primary key is the Telegram user id.

    id = fields.BigIntField(primary_key=True, generated=False)
    username = fields.CharField(max_length=64, null=True)
    first_name = fields.CharField(max_length=128, default="")
    last_name = fields.CharField(max_length=128, null=True)
    language = fields.CharField(max_length=8, null=True)  # the person's own choice
    telegram_language = fields.CharField(max_length=16, null=True)
    is_banned = fields.BooleanField(default=False)
    # Back-office roles an owner gave (domain/staff.py), comma-separated; owners need none.
    staff_roles = fields.CharField(max_length=128, default="", db_default="")
    has_blocked_bot = fields.BooleanField(default=False)
    # Kept on the row so the wallet can be debited with one conditional UPDATE.
    balance = fields.BigIntField(default=0)
    last_reward_at = fields.DatetimeField(null=True)
    referrer: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="referred_users", null=True, on_delete=fields.SET_NULL)
    referrer_id: int | None
    joined_at = fields.DatetimeField(auto_now_add=True)
    last_seen_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "users"
        indexes = (Index(fields=("username",)), Index(fields=("referrer_id",)),
                   Index(fields=("joined_at",)))


class RewardClaim(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="reward_claims", on_delete=fields.CASCADE)
    user_id: int
    amount = fields.BigIntField()
    claimed_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "reward_claims"
        indexes = (Index(fields=("user_id", "claimed_at")),)


class Referral(Model):
    # Who brought whom; rewarded once, on the first paid order of the referred person.

    id = fields.BigIntField(primary_key=True)
    referrer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="referrals_made", on_delete=fields.CASCADE)
    referrer_id: int
    referred: fields.OneToOneRelation[User] = fields.OneToOneField(
        "models.User", related_name="referral", on_delete=fields.CASCADE)
    referred_id: int
    reward_amount = fields.BigIntField(default=0)
    rewarded_order_id = fields.BigIntField(null=True)
    rewarded_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "referrals"
        indexes = (Index(fields=("referrer_id",)),)
