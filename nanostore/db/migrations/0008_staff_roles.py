"""staff_roles: the back-office roles an owner gave a person (domain/staff.py), comma-separated
on the users row, read with the row on every update (written by `nanostore db makemigrations`)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0007_crypto_invoices')]

    initial = False

    operations = [
        ops.AddField(
            model_name='User',
            name='staff_roles',
            field=fields.CharField(default='', db_default='', max_length=128),
        ),
    ]
