"""card_payments: every successful card payment (Telegram Payments), keyed by the provider's
charge id so a charge pays once (written by `nanostore db makemigrations`)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from nanostore.db.models.enums import CardPaymentStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0005_admin_alerts')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CardPayment',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('provider_charge_id', fields.CharField(unique=True, max_length=255)),
                ('telegram_charge_id', fields.CharField(max_length=255)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='card_payments', on_delete=OnDelete.RESTRICT)),
                ('order', fields.ForeignKeyField('models.Order', source_field='order_id', null=True, db_constraint=True, to_field='id', related_name='card_payments', on_delete=OnDelete.SET_NULL)),
                ('topup', fields.ForeignKeyField('models.WalletTopUp', source_field='topup_id', null=True, db_constraint=True, to_field='id', related_name='card_payments', on_delete=OnDelete.SET_NULL)),
                ('amount', fields.BigIntField()),
                ('currency', fields.CharField(max_length=3)),
                ('payload', fields.CharField(max_length=128)),
                ('status', fields.CharEnumField(description='RECEIVED: received\nAPPLIED: applied\nDUPLICATE: duplicate\nORPHAN: orphan', enum_type=CardPaymentStatus, max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'card_payments', 'app': 'models', 'indexes': [Index(fields=['order_id']), Index(fields=['status'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
