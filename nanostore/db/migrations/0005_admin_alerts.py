"""admin_alerts: which alert message went to which admin, so the first decision on a proof,
top-up, ticket or order can edit every copy (written by `nanostore db makemigrations`)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0004_category_product_count')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AdminAlert',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('subject', fields.CharField(max_length=16)),
                ('subject_id', fields.BigIntField()),
                ('chat_id', fields.BigIntField()),
                ('message_id', fields.BigIntField()),
                ('text', fields.TextField(unique=False)),
                ('has_photo', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'admin_alerts', 'app': 'models', 'indexes': [Index(fields=['subject', 'subject_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
