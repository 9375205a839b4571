from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model


class AuditEntry(Model):
    # Who did what to what, with the values before and after.

    id = fields.BigIntField(primary_key=True)
    admin_id = fields.BigIntField()
    action = fields.CharField(max_length=64)
    target = fields.CharField(max_length=64, default="")
    before = fields.JSONField(null=True)
    after = fields.JSONField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "audit_log"
        indexes = (Index(fields=("created_at",)), Index(fields=("admin_id", "created_at")))
