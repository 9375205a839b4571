import asyncio
from datetime import timedelta

import pytest
from tortoise import connections
from tortoise.timezone import now as utc_now

from nanostore.db.models import AuditEntry, Order, OutboxMessage, User
from nanostore.services import users
from nanostore.services.errors import InvalidInput, NotFound


@pytest.fixture
def statements(monkeypatch):
    """Counts SQL statements sent on the default connection."""
    sent: list[str] = []
    client_class = type(connections.get("default"))
    for name in ("execute_query", "execute_insert", "execute_query_dict"):
        original = getattr(client_class, name)

        def counting(self, query, *args, _original=original, **kwargs):
            sent.append(query)
            return _original(self, query, *args, **kwargs)

        monkeypatch.setattr(client_class, name, counting)
    return sent


async def test_first_update_registers_the_person(db):
    user, created = await users.register_or_touch(10, "ann", "Ann", "Lee", "en")
    assert created
    stored = await User.get(id=10)
    assert (stored.username, stored.first_name, stored.last_name, stored.telegram_language) == \
        ("ann", "Ann", "Lee", "en")
    assert user.id == 10


async def test_second_update_is_not_a_registration_and_updates_names(db):
    await users.register_or_touch(10, "ann", "Ann")
    user, created = await users.register_or_touch(10, "ann_new", "Anna", "Lee")
    assert not created
    assert (user.username, user.first_name, user.last_name) == ("ann_new", "Anna", "Lee")
    assert (await User.get(id=10)).first_name == "Anna"


async def test_fresh_unchanged_person_costs_one_select_and_no_write(db, statements):
    await users.register_or_touch(10, "ann", "Ann")
    statements.clear()
    await users.register_or_touch(10, "ann", "Ann")
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("SELECT")


async def test_stale_last_seen_is_refreshed_in_at_most_two_statements(db, statements):
    await users.register_or_touch(10, "ann", "Ann")
    old = utc_now() - timedelta(minutes=5)
    await User.filter(id=10).update(last_seen_at=old)
    statements.clear()
    await users.register_or_touch(10, "ann", "Ann")
    assert len(statements) == 2
    assert (await User.get(id=10)).last_seen_at > old


async def test_name_change_is_written_even_when_last_seen_is_fresh(db, statements):
    await users.register_or_touch(10, "ann", "Ann")
    statements.clear()
    await users.register_or_touch(10, "ann", "Annie")
    assert len(statements) == 2
    assert (await User.get(id=10)).first_name == "Annie"


async def test_writing_to_the_bot_clears_the_blocked_flag(db):
    await users.register_or_touch(10, "ann", "Ann")
    await users.mark_blocked_bot(10)
    await users.register_or_touch(10, "ann", "Ann")
    assert not (await User.get(id=10)).has_blocked_bot


async def test_parallel_first_updates_register_once(db):
    results = await asyncio.gather(*(users.register_or_touch(10, "ann", "Ann") for _ in range(10)))
    assert sum(created for _, created in results) == 1
    assert await User.filter(id=10).count() == 1


async def test_overlong_names_are_cut_to_the_columns(db):
    user, _ = await users.register_or_touch(10, "u" * 80, "F" * 300, "L" * 300, "x" * 40)
    stored = await User.get(id=10)
    assert len(stored.username) == 64 and len(stored.first_name) == 128
    assert len(stored.last_name) == 128 and len(stored.telegram_language) == 16


async def test_set_language_validates_and_can_reset(db):
    await users.register_or_touch(10, "ann", "Ann", language_code="en")
    await users.set_language(10, "ru")
    assert (await User.get(id=10)).language == "ru"
    await users.set_language(10, None)
    assert (await User.get(id=10)).language is None
    with pytest.raises(InvalidInput):
        await users.set_language(10, "../../etc")
    with pytest.raises(NotFound):
        await users.set_language(999, "en")


async def test_ban_is_audited_notified_and_idempotent(db):
    await User.create(id=10, first_name="Ann")
    assert await users.ban(10, admin_id=1)
    assert await users.is_banned(10)
    assert not await users.ban(10, admin_id=1)  # a double tap changes and audits nothing
    assert await AuditEntry.filter(action="user.ban", target="10").count() == 1
    assert await OutboxMessage.filter(chat_id=10, kind="account_banned").count() == 1
    assert await users.unban(10, admin_id=1)
    assert not await users.is_banned(10)
    assert await AuditEntry.filter(action="user.unban").count() == 1


async def test_parallel_bans_audit_once(db):
    await User.create(id=10, first_name="Ann")
    results = await asyncio.gather(*(users.ban(10, admin_id=1) for _ in range(10)))
    assert sum(results) == 1
    assert await AuditEntry.filter(action="user.ban").count() == 1


async def test_ban_refuses_unknown_user_and_self(db):
    with pytest.raises(NotFound):
        await users.ban(404, admin_id=1)
    await User.create(id=1, first_name="Admin")
    with pytest.raises(InvalidInput):
        await users.ban(1, admin_id=1)
    assert not await users.is_banned(404)


async def test_blocked_flags_report_change(db):
    await User.create(id=10, first_name="Ann")
    assert await users.mark_blocked_bot(10)
    assert not await users.mark_blocked_bot(10)
    assert await users.mark_unblocked(10)
    assert not await users.mark_unblocked(10)


async def test_profile_counts_orders_and_shows_balance(db):
    await User.create(id=10, first_name="Ann", balance=700, telegram_language="de")
    for _ in range(3):
        await Order.create(user_id=10, subtotal=100, amount_due=100, currency="USD")
    profile = await users.get_profile(10)
    assert (profile.orders_count, profile.balance, profile.language) == (3, 700, "de")
    assert profile.joined_at is not None
    with pytest.raises(NotFound):
        await users.get_profile(404)


async def _people():
    await User.create(id=111, username="alice", first_name="Alice", last_name="Smith")
    await User.create(id=222, username="bob", first_name="Bob", last_name="Alison")
    await User.create(id=333, username=None, first_name="Carol")


async def test_search_by_id_username_and_name(db):
    await _people()
    assert [u.id for u in (await users.search("222")).items] == [222]
    assert [u.id for u in (await users.search("@ALICE")).items] == [111]
    assert sorted(u.id for u in (await users.search("ali")).items) == [111, 222]
    assert [u.id for u in (await users.search("carol")).items] == [333]
    assert (await users.search("nobody")).total == 0


async def test_search_rejects_empty_and_survives_odd_numbers(db):
    await _people()
    with pytest.raises(InvalidInput):
        await users.search("   ")
    assert (await users.search("9" * 30)).total == 0
    assert (await users.search("²")).total == 0


async def test_list_users_newest_first_with_total(db):
    for user_id in range(1, 26):
        await User.create(id=user_id, first_name=f"U{user_id}")
    first = await users.list_users(0, page_size=10)
    assert first.total == 25 and first.pages == 3
    assert first.items[0].id == 25
    assert [u.id for u in (await users.list_users(2, page_size=10)).items][-1] == 1
