"""Broadcast: compose → preview → confirm, then the background sender delivers it once to each
reachable person, at a safe rate, through 429s, and resumes after a crash without repeats."""

from __future__ import annotations

from datetime import timedelta

from tortoise.timezone import now as utc_now

from nanostore.bot.broadcaster import Broadcaster
from nanostore.db.models import AuditEntry, Broadcast, BroadcastRecipient, User
from nanostore.db.models.enums import BroadcastStatus, RecipientStatus
from nanostore.services import broadcast
from tests.fixtures.admin import open_admin_section
from tests.fixtures.staff import person as staff_person

BROADCAST = "📣 Broadcast"


async def customers(shop, count: int, first_id: int = 1001):
    people = []
    for user_id in range(first_id, first_id + count):
        people.append(shop.person(user_id, f"C{user_id}"))
        await User.create(id=user_id, first_name=f"C{user_id}")
    return people


def received(person, needle: str) -> int:
    return sum(1 for message in person.messages if needle in (message.text or message.caption or ""))


def screen_text(person) -> str:
    # The broadcast screen, wherever notifications have landed below it.
    return [m for m in person.inbox if m.reply_markup][-1].text


async def compose_and_confirm(shop, text: str):
    admin = await open_admin_section(shop, BROADCAST)
    await admin.send(text)
    assert "Preview sent above" in admin.screen.text
    await admin.tap("✅ Send to everyone")
    return admin


async def test_everyone_reachable_gets_it_once_and_blocked_are_counted(shop):
    people = await customers(shop, 5)
    await User.filter(id=1005).update(is_banned=True)
    people[3].block_bot()
    admin = await compose_and_confirm(shop, "<b>Big sale</b> today")
    preview = [m for m in admin.messages if m.text == "Big sale today"]
    assert len(preview) == 1 and preview[0].entities[0]["type"] == "bold"
    assert "queued" in admin.screen.text
    await Broadcaster(shop.shop.bot).run_once()
    await shop.flush()
    assert [received(p, "Big sale") for p in people] == [1, 1, 1, 0, 0]
    row = await Broadcast.get()
    assert (row.status, row.total, row.delivered, row.blocked, row.failed) == (
        BroadcastStatus.DONE, 5, 4, 1, 0)  # 4 customers + the admin; the banned one never queued
    assert (await User.get(id=1004)).has_blocked_bot
    assert received(admin, "✅ 4 · ⚠️ 0 · 🚫 1") == 1  # the progress message, edited in place
    assert any("finished" in m.text for m in admin.messages)
    await admin.tap("🔄 Refresh")
    assert "Delivered: 4" in screen_text(admin) and "✅ finished" in screen_text(admin)
    assert await AuditEntry.exists(action="broadcast.queue", target=str(row.id))


async def test_rate_limits_are_waited_out_and_nobody_is_skipped_or_repeated(shop):
    people = await customers(shop, 3)
    await compose_and_confirm(shop, "Flash offer")
    shop.emulator.faults.retry_after(1, method="sendMessage", times=2)
    await Broadcaster(shop.shop.bot).run_once()
    assert [received(p, "Flash offer") for p in people] == [1, 1, 1]
    row = await Broadcast.get()
    assert (row.delivered, row.failed, row.blocked) == (4, 0, 0)


async def test_cancel_stops_it(shop):
    people = await customers(shop, 3)
    admin = await compose_and_confirm(shop, "Never mind")
    await admin.tap("🛑 Stop the broadcast")
    assert "🛑 stopped" in screen_text(admin)
    assert await Broadcaster(shop.shop.bot).run_once() == 0
    assert [received(p, "Never mind") for p in people] == [0, 0, 0]
    assert (await Broadcast.get()).status == BroadcastStatus.CANCELLED
    await admin.tap("🔄 Refresh")
    assert "🛑 Stop the broadcast" not in admin.screen.labels


async def test_a_crashed_sender_is_resumed_without_repeats(shop):
    people = await customers(shop, 5)
    created, total = await broadcast.create_and_queue(staff_person(owner=True, user_id=9000), "Resumed news")
    recipients = await BroadcastRecipient.filter(broadcast_id=created.id).order_by("user_id")
    # The dead instance delivered to the first two, and was mid-send to the third.
    assert await broadcast.acquire_lease(created.id, "dead", 30, now=utc_now() - timedelta(minutes=5))
    for done in recipients[:2]:
        await broadcast.begin_attempt(done.id)
        await broadcast.record_result(done.id, RecipientStatus.SENT)
    await broadcast.begin_attempt(recipients[2].id)
    await Broadcaster(shop.shop.bot, instance_id="fresh").run_once()
    assert [received(p, "Resumed news") for p in people] == [0, 0, 0, 1, 1]
    row = await Broadcast.get(id=created.id)
    assert (row.status, row.total, row.delivered, row.failed) == (BroadcastStatus.DONE, 5, 4, 1)


async def test_a_live_lease_is_respected(shop):
    await customers(shop, 2)
    created, _ = await broadcast.create_and_queue(staff_person(owner=True, user_id=9000), "Held")
    assert await broadcast.acquire_lease(created.id, "other", 60)
    assert await Broadcaster(shop.shop.bot).run_once() == 0
    assert not await BroadcastRecipient.exists(status=RecipientStatus.SENT)


async def test_photo_with_caption_and_bad_inputs(shop):
    people = await customers(shop, 2)
    admin = await open_admin_section(shop, BROADCAST)
    await admin.send_document()
    assert "Please send text, or a photo with a caption." in admin.screen.text
    await admin.send("<b>unclosed")
    assert "unclosed <b> tag" in admin.screen.text  # explained: test_admin_broadcast_owner.py
    assert not await Broadcast.exists()
    await admin.send_photo(caption="New arrivals")
    assert admin.messages[-2].media_kind == "photo"  # the preview, then the screen below it
    await admin.tap("✅ Send to everyone")
    stale = admin.screen.message
    await Broadcaster(shop.shop.bot).run_once()
    assert [p.messages[-1].media_kind for p in people] == ["photo", "photo"]
    assert [received(p, "New arrivals") for p in people] == [1, 1]
    await admin.tap("🔄 Refresh", message=stale)
    assert await Broadcast.all().count() == 1


async def test_customers_cannot_queue_broadcasts(shop):
    ann = (await customers(shop, 1))[0]
    await ann.command("start")
    assert "📣 Broadcast" not in ann.screen.labels
    assert not await Broadcast.exists()
