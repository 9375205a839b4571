"""The registry the broken fixtures are checked against (names to misspell)."""

from nanostore.ui import Registry


def build_broken_registry() -> Registry:
    registry = Registry()

    @registry.getter("menu.summary")
    async def summary(dialog_manager, **kwargs):
        return {}

    @registry.action("menu.buy")
    async def buy(ctx):
        return None

    @registry.condition("menu.is_admin")
    def is_admin(data, manager):
        return True

    @registry.filter("money")
    def money(value):
        return str(value)

    return registry
