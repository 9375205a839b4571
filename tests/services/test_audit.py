from nanostore.db.models import AuditEntry
from nanostore.services import audit


async def test_record_keeps_before_and_after_as_json(db):
    await audit.record(7, "user.ban", 42, before={"is_banned": False}, after={"is_banned": True})
    entry = await AuditEntry.get()
    assert (entry.admin_id, entry.action, entry.target) == (7, "user.ban", "42")
    assert entry.before == {"is_banned": False} and entry.after == {"is_banned": True}


async def test_page_is_newest_first_with_total(db):
    for number in range(25):
        await audit.record(1, f"action.{number}", "t")
    first = await audit.page(0, page_size=10)
    assert first.total == 25 and first.pages == 3 and first.page == 0
    assert [entry.action for entry in first.items[:2]] == ["action.24", "action.23"]
    last = await audit.page(2, page_size=10)
    assert [entry.action for entry in last.items][-1] == "action.0"
    assert len(last.items) == 5


async def test_page_past_the_end_shows_the_last_page(db):
    for number in range(3):
        await audit.record(1, f"a{number}")
    beyond = await audit.page(99, page_size=2)
    assert beyond.page == 1 and [entry.action for entry in beyond.items] == ["a0"]
    assert (await audit.page(-5, page_size=2)).page == 0


async def test_empty_log_has_one_empty_page(db):
    empty = await audit.page()
    assert (empty.items, empty.total, empty.page, empty.pages) == ([], 0, 0, 1)
