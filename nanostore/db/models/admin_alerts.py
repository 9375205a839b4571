from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model


class AdminAlert(Model):
    # One copy of an alert an admin received about something awaiting them (a proof, a top-up,
    # a ticket, an order to deliver by hand). The first decision edits every open copy, so the
    # other admins read who decided instead of buttons that no longer do anything.
    id = fields.BigIntField(primary_key=True)
    subject = fields.CharField(max_length=16)  # proof, topup, ticket, order
    subject_id = fields.BigIntField()
    chat_id = fields.BigIntField()
    message_id = fields.BigIntField()
    text = fields.TextField()  # as sent (HTML): the edit appends the decision to it
    has_photo = fields.BooleanField(default=False)  # a caption is edited, not a text
    created_at = fields.DatetimeField(auto_now_add=True)
    closed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "admin_alerts"
        indexes = (Index(fields=("subject", "subject_id")),)
