from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model


class AuditEntry(Model):
    # Who did what to what, with the values before and after.

    id = fields.BigIntField(primary_key=True)
    admin_id = fields.BigIntField()
    action = fields.CharField(max_length=64)
    target = fields.CharField(max_length=64, default="")
    # Any JSON value: a text is stored wrapped ({"text": ...}, services/audit.py).
    before: fields.JSONField[Any] = fields.JSONField(null=True)
    after: fields.JSONField[Any] = fields.JSONField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "audit_log"
        indexes = (Index(fields=("created_at",)), Index(fields=("admin_id", "created_at")))
