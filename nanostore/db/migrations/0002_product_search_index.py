"""Product search on PostgreSQL: a trigram index makes `search_text LIKE '%word%'` an index scan.

SQLite has no such index; it scans the (case-folded) column, which stays fast for catalogs of
tens of thousands of products.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

INDEX = "products_search_text_trgm"


async def create_trigram_index(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect != "postgres":
        return
    await schema_editor.client.execute_script(
        "CREATE EXTENSION IF NOT EXISTS pg_trgm;"
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON products USING gin (search_text gin_trgm_ops);")


async def drop_trigram_index(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect == "postgres":
        await schema_editor.client.execute_script(f"DROP INDEX IF EXISTS {INDEX};")


class Migration(migrations.Migration):
    dependencies = [("models", "0001_initial")]
    initial = False
    operations = [ops.RunPython(create_trigram_index, drop_trigram_index)]
