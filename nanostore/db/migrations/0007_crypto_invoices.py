"""crypto_invoices: invoices made at Crypto Pay (Crypto Bot) for orders and top-ups, keyed by
Crypto Pay's invoice id so a payment applies once (written by `nanostore db makemigrations`)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from nanostore.db.models.enums import CryptoInvoiceStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0006_card_payments')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CryptoInvoice',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('invoice_id', fields.BigIntField(unique=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='crypto_invoices', on_delete=OnDelete.RESTRICT)),
                ('order', fields.ForeignKeyField('models.Order', source_field='order_id', null=True, db_constraint=True, to_field='id', related_name='crypto_invoices', on_delete=OnDelete.SET_NULL)),
                ('topup', fields.ForeignKeyField('models.WalletTopUp', source_field='topup_id', null=True, db_constraint=True, to_field='id', related_name='crypto_invoices', on_delete=OnDelete.SET_NULL)),
                ('amount', fields.BigIntField()),
                ('currency', fields.CharField(max_length=8)),
                ('pay_url', fields.CharField(max_length=512)),
                ('status', fields.CharEnumField(description='ACTIVE: active\nAPPLIED: applied\nDUPLICATE: duplicate\nMISMATCH: mismatch\nEXPIRED: expired\nCANCELLED: cancelled', enum_type=CryptoInvoiceStatus, max_length=16)),
                ('paid_asset', fields.CharField(null=True, max_length=16)),
                ('paid_amount', fields.CharField(null=True, max_length=64)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'crypto_invoices', 'app': 'models', 'indexes': [Index(fields=['order_id']), Index(fields=['status'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
