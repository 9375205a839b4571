"""Product search: the FTS5 trigram path (SQLite, queries of 3+ characters) finds exactly what the
LIKE path finds, in the same order and pages, whatever the query; and the index follows every
write to products.

The LIKE path is the reference: `index_can_answer` patched to say no sends the same search
through `search_text LIKE`. On PostgreSQL both are LIKE (its trigram index serves LIKE), so
there the tests check the results themselves.
"""

import logging
import random

import pytest
from tortoise import connections

from nanostore.db.models import Product
from nanostore.services import catalog, catalog_import, categories, products, search_index
from nanostore.services.search_text import query_text
from tests.fixtures.ledger import product

NAMES = [
    "Steam key", "Steam key", "Game key 1", "Game key 12", "Game key 123", "GAME KEY 2 deluxe",
    "Ключ Windows", "КЛЮЧ Office", "Straße pass", "İstanbul tour", 'Quote "key" edition',
    "Star * pack", "OR bundle (NEAR) - special", "NOT AND OR", "col:umn ^caret", "Emoji 🎮🎮🎮 pack",
    "🔑 key ring", "50% off_sale", "back\\slash", "it's mine", "a'b\"c", "ab", "x",
    "Spaces   inside", "Tab\tkey",
] + [f"Bulk key {n:02}" for n in range(20)]
DESCRIPTIONS = {"Steam key": "<b>Global</b> activation", "Ключ Windows": "<i>Лицензия</i> навсегда"}

QUERIES = [
    # ordinary, mixed case, Cyrillic, across name and description
    "key", "KEY", "Game Key 1", "game key 12", "ключ", "КЛЮЧ", "лицензия", "key global",
    "straße", "STRASSE", "istanbul", "İstanbul", "bulk key 1", "no such thing",
    # FTS5 syntax that must stay plain text
    '"', '""', '"""', '"key"', 'quote "key', "*", "key*", "star *", "OR", "or", "a OR b", "NOT", "AND",
    "NEAR(", "NEAR(key game)", "(near)", "-", "- special", "-key", "key -game", "^caret",
    "col:umn", "column:", "search_text:key", "{key}", "+", "key + game",
    # LIKE syntax that must stay plain text too
    "%", "50%", "_", "off_sale", "\\", "back\\slash", "'", "it's", "a'b\"c", "';drop table products;--",
    # emoji and whitespace
    "🎮", "🎮🎮", "🎮🎮🎮", "🔑 key", "spaces   inside", "tab\tkey",
    # one and two characters (LIKE on every backend)
    "k", "ke", "x", "ab", "'s", "é",
    # long; NUL (PostgreSQL refuses it, FTS5 stops reading at it: dropped from the query)
    "key " * 40, "game key 123" * 5, "z" * 1000, "key\x00", "\x00\x00\x00",
]


@pytest.fixture
async def catalogue(db):
    games, hidden_category = await categories.create("Games"), await categories.create("Hidden")
    for name in NAMES:
        await product(name, description=DESCRIPTIONS.get(name, ""), category_id=games.id)
    off = await product("Hidden key", category_id=games.id)
    await products.toggle(off.id)
    await product("Key in a hidden category", category_id=hidden_category.id)
    await categories.toggle(hidden_category.id)
    return db


def like_only(monkeypatch):
    monkeypatch.setattr(search_index, "index_can_answer", lambda folded: False)


def uses_index(db) -> bool:
    return db.startswith("sqlite://")


async def every_page(query: str, page_size: int = 4) -> list[tuple]:
    """Total, page number and ids of every page (and one past the end: it shows the last)."""
    first = await catalog.search(query, 0, page_size)
    pages = []
    for number in range(first.pages + 1):
        found = await catalog.search(query, number, page_size)
        pages.append((found.total, found.page, [item.id for item in found.items]))
    return pages


async def statements_of_search(query: str, caplog) -> list[tuple[str, list]]:
    """The SQL (and its parameters) catalog.search sends, from Tortoise's statement log."""
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
        await catalog.search(query)
    return [record.args for record in caplog.records
            if isinstance(record.args, tuple) and len(record.args) == 2]


async def searched_by_index(query: str, caplog) -> bool:
    return any(f"{search_index.TABLE} MATCH" in sql for sql, _ in await statements_of_search(query, caplog))


async def test_index_and_like_agree_on_every_query(catalogue, monkeypatch, caplog):
    with_index = {query: await every_page(query) for query in QUERIES}
    like_only(monkeypatch)
    with_like = {query: await every_page(query) for query in QUERIES}
    assert with_index == with_like
    monkeypatch.undo()
    assert with_index["key"][0][0] == 29  # the two hidden ones with "key" are not found
    assert with_index['"key"'][0][0] == 1 and with_index["🎮🎮🎮"][0][0] == 1
    assert with_index["no such thing"] == [(0, 0, []), (0, 0, [])]
    for query in ("key", '"""', "NEAR(", "🎮🎮🎮", "key " * 40):  # 3+ characters: the index, on SQLite
        assert await searched_by_index(query, caplog) == uses_index(catalogue), query
    for query in ("k", "ke", "🎮🎮"):  # trigrams need 3: LIKE everywhere
        assert not await searched_by_index(query, caplog), query


async def test_the_query_plan_starts_from_the_index(catalogue, caplog):
    # A shop's database has no ANALYZE statistics; without them SQLite picked the active
    # categories first and read every product in them when the search joined categories.
    if not uses_index(catalogue):
        pytest.skip("the FTS5 table is SQLite's")
    client = connections.get("default")
    assert await client.execute_query_dict("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'") == []
    statements = await statements_of_search("game key", caplog)
    assert len(statements) == 2  # the count and one page
    for sql, values in statements:
        plan = [row["detail"] for row in await client.execute_query_dict(f"EXPLAIN QUERY PLAN {sql}", values)]
        assert f"SCAN {search_index.TABLE} VIRTUAL TABLE INDEX 0:M1" in plan, plan
        product_steps = [step for step in plan if " products " in f"{step} "]
        assert product_steps == ["SEARCH products USING INTEGER PRIMARY KEY (rowid=?)"], plan


async def test_results_are_ordered_by_name_then_id(catalogue):
    found = await catalog.search("steam key")
    assert [item.name for item in found.items] == ["Steam key", "Steam key"]
    assert found.items[0].id < found.items[1].id
    names = [item.name for item in (await catalog.search("bulk key", 0, 100)).items]
    assert names == sorted(names) and len(names) == 20


async def test_cyrillic_and_mixed_case_match_through_the_index(catalogue):
    assert {item.name for item in (await catalog.search("кЛюЧ")).items} == {"Ключ Windows", "КЛЮЧ Office"}
    assert (await catalog.search("ЛИЦЕНЗИЯ НАВСЕГДА")).total == 1  # from the description
    assert (await catalog.search("<i>")).total == 0  # tags are not searchable


ALPHABET = "abcxyzАБВабв \"'*()-:^%_\\🎮é"


async def test_random_texts_and_queries_agree(db, monkeypatch):
    rng = random.Random(20_26)
    games = await categories.create("Games")
    texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(3, 24))).strip() or "blank"
             for _ in range(60)]
    for text in texts:
        await product(text, category_id=games.id)
    queries = [text[start:start + rng.randint(1, 6)] for text in texts[:40]
               for start in [rng.randrange(len(text))]]
    queries += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 5))) for _ in range(40)]
    with_index = [await every_page(query, page_size=5) for query in queries]
    like_only(monkeypatch)
    assert with_index == [await every_page(query, page_size=5) for query in queries]
    assert sum(1 for pages in with_index if pages[0][0]) >= 40  # the substrings are found


async def found_ids(query: str) -> list[int]:
    return [item.id for item in (await catalog.search(query, 0, 100)).items]


async def index_matches_products(db) -> None:
    """FTS5's own check that the index holds exactly products.search_text (rank 1: also
    against the content table); raises 'database disk image is malformed' otherwise."""
    if uses_index(db):
        await connections.get("default").execute_query(
            f"INSERT INTO {search_index.TABLE}({search_index.TABLE}, rank) VALUES ('integrity-check', 1)")


async def test_edited_hidden_and_deleted_products_are_found_accordingly(db):
    games, soft = await categories.create("Games"), await categories.create("Soft")
    item = await product("Alpha key", category_id=games.id)
    assert await found_ids("alpha") == [item.id]
    await products.rename(item.id, "Beta key")
    assert await found_ids("alpha") == [] and await found_ids("beta") == [item.id]
    await products.set_description(item.id, "<b>Gamma</b> edition")
    assert await found_ids("gamma edition") == [item.id]
    await products.set_price(item.id, 777)  # not the text: the index is left as it is
    await products.set_stock_mode(item.id, products.StockChoice.COUNTED, 5)
    assert await found_ids("beta") == [item.id]
    await products.toggle(item.id)
    assert await found_ids("beta") == []
    await products.toggle(item.id)
    await products.move_to_category(item.id, soft.id)
    await categories.toggle(soft.id)
    assert await found_ids("beta") == []
    await categories.toggle(soft.id)
    assert await found_ids("beta") == [item.id]
    await products.delete(item.id)
    assert await found_ids("beta") == [] and await found_ids("key") == []
    await index_matches_products(db)


async def test_imported_and_plain_sql_writes_are_indexed(db):
    report = await catalog_import.import_products(
        [{"name": "Imported Ключ", "price": 100, "category": "Games"},
         {"name": "Imported other", "price": 100, "category": "Games"}])
    assert report.imported == 2
    assert len(await found_ids("imported")) == 2 and len(await found_ids("ключ")) == 1
    first = await Product.get(name="Imported Ключ")
    client = connections.get("default")
    await client.execute_query("UPDATE products SET search_text = 'renamed by hand' WHERE id = "
                               + str(first.id))
    assert await found_ids("ключ") == [] and await found_ids("by hand") == [first.id]
    await client.execute_query("DELETE FROM products WHERE id = " + str(first.id))
    assert await found_ids("by hand") == [] and len(await found_ids("imported")) == 1
    await index_matches_products(db)


async def test_a_database_without_the_table_still_searches(db, caplog):
    if not uses_index(db):
        pytest.skip("the FTS5 table is SQLite's")
    await product("Steam key")
    client = connections.get("default")
    for trigger in ("insert", "delete", "update"):
        await client.execute_query(f"DROP TRIGGER {search_index.TABLE}_{trigger}")
    await client.execute_query(f"DROP TABLE {search_index.TABLE}")
    search_index._report_missing_table.cache_clear()  # said once per process: maybe said already
    with caplog.at_level(logging.WARNING, logger=search_index.__name__):
        found = await catalog.search("steam")
    assert [item.name for item in found.items] == ["Steam key"]
    assert f"{search_index.TABLE} is missing" in caplog.text


def test_the_query_reaches_fts5_as_one_string():
    assert search_index.fts_string("key") == '"key"'
    assert search_index.fts_string('a "b" OR c*') == '"a ""b"" OR c*"'
    assert not search_index.index_can_answer("ab")
    assert query_text("Key\x00\x00Ring\x00") == "key ring"
