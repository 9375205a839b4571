"""subscriptions: monthly Stars subscriptions to products (subscriptions), which products are
sold that way and what a period gives (subscription_plans), and each paid period with its charge
and the key it gave (subscription_periods) (written by `nanostore db makemigrations`)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from nanostore.db.models.enums import SubscriptionAccess, SubscriptionStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0010_reviews_stock_alerts')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Subscription',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='subscriptions', on_delete=OnDelete.RESTRICT)),
                ('product', fields.ForeignKeyField('models.Product', source_field='product_id', db_constraint=True, to_field='id', related_name='subscriptions', on_delete=OnDelete.RESTRICT)),
                ('payload', fields.CharField(unique=True, max_length=128)),
                ('charge_id', fields.CharField(unique=True, max_length=255)),
                ('access', fields.CharEnumField(description='CHANNEL: channel\nKEY: key', enum_type=SubscriptionAccess, max_length=8)),
                ('chat_id', fields.BigIntField(null=True)),
                ('amount', fields.IntField()),
                ('status', fields.CharEnumField(description='ACTIVE: active\nCANCELED: canceled\nLAPSED: lapsed', enum_type=SubscriptionStatus, max_length=16)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('periods', fields.IntField(default=1)),
                ('invite_link', fields.CharField(null=True, max_length=255)),
                ('keys_owed', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'subscriptions', 'app': 'models', 'indexes': [Index(fields=['status', 'expires_at']), Index(fields=['product_id', 'status']), Index(fields=['user_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SubscriptionPeriod',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('subscription', fields.ForeignKeyField('models.Subscription', source_field='subscription_id', db_constraint=True, to_field='id', related_name='paid_periods', on_delete=OnDelete.CASCADE)),
                ('charge_id', fields.CharField(unique=True, max_length=255)),
                ('amount', fields.IntField()),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('item', fields.ForeignKeyField('models.DeliveryItem', source_field='item_id', null=True, db_constraint=True, to_field='id', related_name='subscription_periods', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'subscription_periods', 'app': 'models', 'indexes': [Index(fields=['subscription_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SubscriptionPlan',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('product', fields.OneToOneField('models.Product', source_field='product_id', db_constraint=True, to_field='id', related_name='subscription_plan', on_delete=OnDelete.CASCADE)),
                ('access', fields.CharEnumField(description='CHANNEL: channel\nKEY: key', enum_type=SubscriptionAccess, max_length=8)),
                ('chat_id', fields.BigIntField(null=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'subscription_plans', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
