from __future__ import annotations

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from .enums import BroadcastStatus, RecipientStatus


class Broadcast(Model):
    id = fields.BigIntField(primary_key=True)
    created_by = fields.BigIntField()
    text = fields.TextField(default="")
    photo_file_id = fields.CharField(max_length=255, null=True)
    status = fields.CharEnumField(BroadcastStatus, max_length=16, default=BroadcastStatus.DRAFT)
    total = fields.IntField(default=0)
    delivered = fields.IntField(default=0)
    failed = fields.IntField(default=0)
    blocked = fields.IntField(default=0)
    progress_chat_id = fields.BigIntField(null=True)
    progress_message_id = fields.BigIntField(null=True)
    # One instance runs a broadcast at a time: it holds a lease it keeps renewing.
    lease_owner = fields.CharField(max_length=64, null=True)
    lease_until = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "broadcasts"
        indexes = (Index(fields=("status",)),)


class BroadcastRecipient(Model):
    id = fields.BigIntField(primary_key=True)
    broadcast: fields.ForeignKeyRelation[Broadcast] = fields.ForeignKeyField(
        "models.Broadcast", related_name="recipients", on_delete=fields.CASCADE)
    broadcast_id: int
    user_id = fields.BigIntField()
    status = fields.CharEnumField(RecipientStatus, max_length=16, default=RecipientStatus.PENDING)
    attempts = fields.IntField(default=0)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "broadcast_recipients"
        unique_together = (("broadcast", "user_id"),)
        indexes = (Index(fields=("broadcast_id", "status")),)
