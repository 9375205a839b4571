"""Model changes not yet written as a migration: `nanostore db makemigrations` writes them,
and a test keeps models and migrations in step."""

from __future__ import annotations

from tortoise.apps import Apps
from tortoise.context import TortoiseContext
from tortoise.migrations.autodetector import MigrationAutodetector

from .connection import MODELS_APP, tortoise_config

# The autodetector compares models with migration files only; it never touches a database.
_OFFLINE_URL = "sqlite://:memory:"


async def _initialised_apps(ctx: TortoiseContext) -> Apps:
    await ctx.init(config=tortoise_config(_OFFLINE_URL))
    assert ctx.apps is not None  # init() has just set them
    return ctx.apps


async def pending_migrations() -> list[str]:
    async with TortoiseContext() as ctx:
        writers = await MigrationAutodetector(await _initialised_apps(ctx), MODELS_APP).changes()
        return [writer.name for writer in writers]


async def write_migrations(name: str | None = None) -> list[str]:
    async with TortoiseContext() as ctx:
        detector = MigrationAutodetector(await _initialised_apps(ctx), MODELS_APP)
        writers = await detector.changes()
        if name:
            for writer in writers:
                writer.name = f"{writer.name.split('_', 1)[0]}_{name}"
        return [str(writer.write()) for writer in writers]
