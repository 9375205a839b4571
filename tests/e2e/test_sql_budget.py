"""Each customer screen's getters cost at most 4 SQL statements, whatever the catalog's size.

Counts, not time: the figures for 10 and 1000 products must be equal (no N+1 loop, paging in
the database). bench/sql_per_screen.py prints the same table for 10 and 10 000 products.
"""

from bench.sql_per_screen import add_products, screen_statements, seed_shop

BUDGET = 4


async def test_every_screen_fits_the_budget_and_does_not_grow_with_the_catalog(db):
    seed = await seed_shop(10)
    small = await screen_statements(seed)
    await add_products(seed.category_id, 10, 990)
    large = await screen_statements(seed)
    assert {screen: count for screen, count in small.items() if count > BUDGET} == {}
    assert large == small
    assert small["catalog: products"] >= 2  # the counter really counts (count + one page)
