"""SQL statements per customer screen, for a small and a large catalog.

    python3 bench/sql_per_screen.py            # 10 and 10 000 products
    python3 bench/sql_per_screen.py 10 1000    # any sizes

Each screen's getters run as the bot runs them (the User row and the shop settings come from
the middleware, as in production, so they are not counted); every statement Tortoise sends is
counted through its `tortoise.db_client` logger. Counts, not time: a screen whose count grows
with the catalog has an N+1 loop. tests/e2e/test_sql_budget.py asserts the same figures.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nanostore.db.models import Category, Product, User
from nanostore.db.schema_from_models import generate_schema_from_models
from nanostore.services import cart, content, product_content
from nanostore.services import settings as shop_settings

NOT_STATEMENTS = ("Created connection", "Closed connection")


class StatementCounter(logging.Handler):
    """Counts the statements Tortoise logs while it is installed (`with StatementCounter() as c`)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0
        self.logger = logging.getLogger("tortoise.db_client")

    def emit(self, record: logging.LogRecord) -> None:
        if not str(record.msg).startswith(NOT_STATEMENTS):
            self.count += 1

    def __enter__(self) -> StatementCounter:
        self._level, self._propagate = self.logger.level, self.logger.propagate
        self.logger.setLevel(logging.DEBUG)
        self.logger.propagate = False  # keep the statements out of the console and pytest
        self.logger.addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        self.logger.removeHandler(self)
        self.logger.setLevel(self._level)
        self.logger.propagate = self._propagate


async def seed_shop(products: int, user_id: int = 1001) -> SimpleNamespace:
    """A user with a 3-line cart, 3 categories, `products` products in the first one."""
    user = await User.create(id=user_id, first_name="Ann")
    categories = [await Category.create(name=name, emoji="🎮", sort_order=position)
                  for position, name in enumerate(("Games", "Software", "Gift cards"))]
    await add_products(categories[0].id, 0, products)
    first = await Product.filter(category_id=categories[0].id).order_by("id").first()
    await product_content.add_faq(first.id, "Which region?", "Global")
    for line_product in await Product.filter(category_id=categories[0].id).order_by("id").limit(3):
        await cart.add(user.id, line_product.id, 1)
    return SimpleNamespace(user_id=user.id, category_id=categories[0].id, product_id=first.id)


async def add_products(category_id: int, start: int, count: int) -> None:
    batch = [Product(category_id=category_id, name=f"Steam key {number}", price=999 + number,
                     search_text=f"steam key {number}", sort_order=number)
             for number in range(start, start + count)]
    for offset in range(0, len(batch), 1000):
        await Product.bulk_create(batch[offset:offset + 1000])


def fake_manager(dialog_data: dict) -> SimpleNamespace:
    return SimpleNamespace(dialog_data=dialog_data, start_data=None, middleware_data={})


def screens() -> dict[str, tuple[list[tuple[str, dict]], Callable[[SimpleNamespace], dict]]]:
    """Screen -> (the getters its window runs, in order, with YAML args; its dialog_data)."""
    from nanostore.bot.screens import shop_registry
    shop_registry()
    return {
        "menu: welcome": ([("menu.profile", {}), ("screen_images.content", {"screen": "welcome"})],
                          lambda seed: {}),
        "menu: hub": ([("menu.profile", {}), ("screen_images.content", {"screen": "welcome"})],
                      lambda seed: {}),
        "catalog: categories": ([("catalog.categories", {})], lambda seed: {}),
        "catalog: products": ([("catalog.products", {"page_size": 8})],
                              lambda seed: {"category_id": seed.category_id}),
        "catalog: detail": ([("catalog.product", {})], lambda seed: {"product_id": seed.product_id}),
        "catalog: faq": ([("catalog.product", {})], lambda seed: {"product_id": seed.product_id}),
        "search: results": ([("search.results", {"page_size": 8})], lambda seed: {"query": "key 1"}),
        "cart: lines": ([("cart.view", {})], lambda seed: {}),
        "language: choose": ([("language.choices", {})], lambda seed: {}),
    }


async def screen_statements(seed: SimpleNamespace) -> dict[str, int]:
    from nanostore.ui import default_registry
    shop = await shop_settings.load()  # the identity middleware's, once per update
    user = await User.get(id=seed.user_id)
    # Screen pictures and texts are cached like the settings: what a running shop pays per
    # update is the warm cache (one read of every override per process every couple of
    # seconds). The window is held open while counting, so a slow machine counts the same.
    window, shop_settings.CACHE_SECONDS = shop_settings.CACHE_SECONDS, float("inf")
    try:
        await content.look("welcome", shop)
        counts = {}
        for screen, (getters, dialog_data) in screens().items():
            manager = fake_manager(dialog_data(seed))
            with StatementCounter() as counter:
                for name, args in getters:
                    await default_registry.get("getter", name)(
                        manager, shop_user=user, shop=shop, is_admin=False, locale="en", page=0,
                        pages_by_widget={}, **args)
            counts[screen] = counter.count
        return counts
    finally:
        shop_settings.CACHE_SECONDS = window


async def measure(size: int) -> dict[str, int]:
    from tortoise import Tortoise

    from nanostore.db.connection import tortoise_config
    with tempfile.TemporaryDirectory() as folder:
        await Tortoise.init(config=tortoise_config(f"sqlite://{folder}/bench.db"))
        await generate_schema_from_models()  # with the search table and count triggers
        shop_settings.forget_cached()
        content.forget_cached()
        try:
            return await screen_statements(await seed_shop(size))
        finally:
            await Tortoise.close_connections()


async def main(sizes: list[int]) -> None:
    results = {size: await measure(size) for size in sizes}
    header = ["screen"] + [f"{size:,} products" for size in sizes]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for screen in results[sizes[0]]:
        print(f"| {screen} | " + " | ".join(str(results[size][screen]) for size in sizes) + " |")


if __name__ == "__main__":
    asyncio.run(main([int(arg) for arg in sys.argv[1:]] or [10, 10_000]))
