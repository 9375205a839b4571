from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model


class OutboxMessage(Model):
    # A notification written in the same transaction as the change it reports, sent after commit
    # by the notifier; a crash between the two loses nothing, and sent rows are never resent.
    id = fields.BigIntField(primary_key=True)
    audience = fields.CharField(max_length=8)  # user, admins, channel
    chat_id = fields.BigIntField(null=True)
    kind = fields.CharField(max_length=48)  # a locale template name under notifications/
    payload: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    attempts = fields.IntField(default=0)
    last_error = fields.TextField(null=True)
    available_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "outbox"
        indexes = (Index(fields=("sent_at", "available_at")),)
