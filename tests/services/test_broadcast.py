import asyncio
from datetime import timedelta

import pytest
from tortoise.timezone import now as utc_now

from nanostore.db.models import Broadcast, BroadcastRecipient, OutboxMessage, User
from nanostore.db.models.enums import BroadcastStatus, RecipientStatus
from nanostore.services import broadcast
from nanostore.services.errors import InvalidInput, InvalidTransition, NotFound

ADMIN = 1


async def make_users(count: int, **flags) -> None:
    start = await User.all().count() + 100
    await User.bulk_create([User(id=start + n, first_name=f"U{n}", **flags) for n in range(count)])


async def queued(count: int = 5) -> Broadcast:
    await make_users(count)
    draft = await broadcast.create(ADMIN, "Hello")
    await broadcast.queue(draft.id)
    return draft


async def test_create_validates_text_and_caption(db):
    assert (await broadcast.create(ADMIN, "  Hi  ")).status == BroadcastStatus.DRAFT
    await broadcast.create(ADMIN, "", photo_file_id="photo")
    with pytest.raises(InvalidInput):
        await broadcast.create(ADMIN, "  ")
    with pytest.raises(InvalidInput):
        await broadcast.create(ADMIN, "x" * 4097)
    with pytest.raises(InvalidInput):
        await broadcast.create(ADMIN, "x" * 1025, photo_file_id="photo")
    await broadcast.create(ADMIN, "x" * 4096)


async def test_queue_snapshots_reachable_people_only(db):
    await make_users(7)
    await make_users(2, is_banned=True)
    await make_users(3, has_blocked_bot=True)
    draft = await broadcast.create(ADMIN, "Hello")
    assert await broadcast.queue(draft.id) == 7
    assert await BroadcastRecipient.filter(broadcast_id=draft.id).count() == 7
    stored = await Broadcast.get(id=draft.id)
    assert stored.status == BroadcastStatus.QUEUED and stored.total == 7
    await make_users(4)  # joined later: not part of this broadcast
    assert await BroadcastRecipient.filter(broadcast_id=draft.id).count() == 7


async def test_snapshot_crosses_chunk_boundaries(db, monkeypatch):
    monkeypatch.setattr(broadcast, "SNAPSHOT_CHUNK", 3)
    await make_users(10)
    draft = await broadcast.create(ADMIN, "Hello")
    assert await broadcast.queue(draft.id) == 10
    ids = await BroadcastRecipient.filter(broadcast_id=draft.id).values_list("user_id", flat=True)
    assert len(set(ids)) == 10


async def test_queue_twice_or_unknown_is_refused(db):
    draft = await queued(3)
    with pytest.raises(InvalidTransition):
        await broadcast.queue(draft.id)
    assert await BroadcastRecipient.all().count() == 3
    with pytest.raises(NotFound):
        await broadcast.queue(404)


async def test_parallel_queue_snapshots_once(db):
    await make_users(50)
    draft = await broadcast.create(ADMIN, "Hello")

    async def try_queue():
        try:
            return await broadcast.queue(draft.id)
        except InvalidTransition:
            return 0

    assert sorted(await asyncio.gather(*(try_queue() for _ in range(5)))) == [0, 0, 0, 0, 50]
    assert await BroadcastRecipient.all().count() == 50


async def test_only_one_instance_holds_the_lease(db):
    draft = await queued()
    now = utc_now()
    assert await broadcast.acquire_lease(draft.id, "a", 60, now=now)
    assert not await broadcast.acquire_lease(draft.id, "b", 60, now=now + timedelta(seconds=30))
    assert await broadcast.acquire_lease(draft.id, "a", 60, now=now + timedelta(seconds=30))  # renew
    assert await broadcast.acquire_lease(draft.id, "b", 60, now=now + timedelta(seconds=91))
    stored = await Broadcast.get(id=draft.id)
    assert stored.lease_owner == "b" and stored.status == BroadcastStatus.RUNNING
    assert stored.started_at is not None


async def test_parallel_lease_race_has_one_winner(db):
    draft = await queued()
    results = await asyncio.gather(*(broadcast.acquire_lease(draft.id, f"i{n}", 60) for n in range(10)))
    assert sum(results) == 1


async def test_draft_and_finished_broadcasts_cannot_be_leased(db):
    draft = await broadcast.create(ADMIN, "Hello")
    assert not await broadcast.acquire_lease(draft.id, "a", 60)
    running = await queued()
    await broadcast.cancel(running.id)
    assert not await broadcast.acquire_lease(running.id, "a", 60)


async def test_results_count_once_and_finish_reports(db):
    draft = await queued(4)
    batch = await broadcast.next_batch(draft.id, limit=10)
    assert len(batch) == 4
    assert await broadcast.record_result(batch[0].id, RecipientStatus.SENT)
    assert not await broadcast.record_result(batch[0].id, RecipientStatus.FAILED)
    assert await broadcast.record_result(batch[1].id, RecipientStatus.FAILED)
    assert await broadcast.record_result(batch[2].id, RecipientStatus.BLOCKED)
    assert (await User.get(id=batch[2].user_id)).has_blocked_bot
    assert not await broadcast.finish(draft.id)  # one still pending
    assert [r.id for r in await broadcast.next_batch(draft.id)] == [batch[3].id]
    await broadcast.record_result(batch[3].id, RecipientStatus.SENT)
    progress = await broadcast.progress(draft.id)
    assert (progress.delivered, progress.failed, progress.blocked, progress.pending) == (2, 1, 1, 0)
    assert progress.percent == 100
    assert await broadcast.finish(draft.id)
    assert not await broadcast.finish(draft.id)
    report = await OutboxMessage.get(kind="broadcast_finished")
    assert report.chat_id == ADMIN and report.payload["delivered"] == 2
    stored = await Broadcast.get(id=draft.id)
    assert stored.status == BroadcastStatus.DONE and stored.lease_owner is None


async def test_parallel_results_for_one_recipient_count_once(db):
    draft = await queued(1)
    (recipient,) = await broadcast.next_batch(draft.id)
    results = await asyncio.gather(*(broadcast.record_result(recipient.id, RecipientStatus.SENT)
                                     for _ in range(20)))
    assert sum(results) == 1
    assert (await broadcast.progress(draft.id)).delivered == 1


async def test_record_result_refuses_pending_as_a_result(db):
    draft = await queued(1)
    (recipient,) = await broadcast.next_batch(draft.id)
    with pytest.raises(InvalidInput):
        await broadcast.record_result(recipient.id, RecipientStatus.PENDING)


async def test_cancel_stops_and_releases(db):
    draft = await queued()
    await broadcast.acquire_lease(draft.id, "a", 60)
    assert await broadcast.cancel(draft.id)
    assert not await broadcast.cancel(draft.id)
    stored = await Broadcast.get(id=draft.id)
    assert stored.status == BroadcastStatus.CANCELLED and stored.lease_owner is None
    assert await broadcast.resumable_broadcasts() == []
    with pytest.raises(NotFound):
        await broadcast.cancel(404)


async def test_resumable_are_active_without_live_lease(db):
    fresh = await queued(2)
    held = await queued(2)
    stale = await queued(2)
    await broadcast.create(ADMIN, "draft")
    now = utc_now()
    await broadcast.acquire_lease(held.id, "a", 60, now=now)
    await broadcast.acquire_lease(stale.id, "dead", 60, now=now - timedelta(minutes=5))
    resumable = await broadcast.resumable_broadcasts(now=now)
    assert [b.id for b in resumable] == [fresh.id, stale.id]


async def test_progress_of_unknown_broadcast(db):
    with pytest.raises(NotFound):
        await broadcast.progress(404)


async def test_empty_audience_is_done_at_once(db):
    draft = await broadcast.create(ADMIN, "Hello")
    assert await broadcast.queue(draft.id) == 0
    assert (await broadcast.progress(draft.id)).percent == 100
    assert await broadcast.finish(draft.id)


async def test_next_batch_pages_on_after_the_last_id(db):
    draft = await queued(5)
    first = await broadcast.next_batch(draft.id, limit=2)
    rest = await broadcast.next_batch(draft.id, limit=10, after_id=first[-1].id)
    assert [r.id for r in first + rest] == [r.id for r in await broadcast.next_batch(draft.id, limit=10)]
    assert await broadcast.next_batch(draft.id, limit=10, after_id=rest[-1].id) == []


async def test_group_claim_is_all_or_nothing_then_one_by_one(db):
    draft = await queued(4)
    ids = [r.id for r in await broadcast.next_batch(draft.id)]
    assert await broadcast.begin_attempts(ids[:2]) == ids[:2]
    # Two of these are claimed already: only the two free ones are ours, nothing claimed twice.
    assert await broadcast.begin_attempts(ids) == ids[2:]
    assert await broadcast.begin_attempts(ids) == []
    assert await broadcast.begin_attempts([]) == []
    assert set(await BroadcastRecipient.filter(broadcast_id=draft.id).values_list("attempts", flat=True)) == {1}


async def test_release_gives_back_only_an_unrecorded_claim(db):
    draft = await queued(3)
    claimed, unclaimed, recorded = await broadcast.next_batch(draft.id)
    await broadcast.begin_attempts([claimed.id, recorded.id])
    await broadcast.record_result(recorded.id, RecipientStatus.SENT)
    assert await broadcast.release_claim(claimed.id)
    assert not await broadcast.release_claim(claimed.id)  # given back already
    assert not await broadcast.release_claim(unclaimed.id)
    assert not await broadcast.release_claim(recorded.id)  # delivered: stays delivered
    assert await broadcast.begin_attempt(claimed.id)  # the next sender may claim it again
    assert (await BroadcastRecipient.get(id=recorded.id)).status == RecipientStatus.SENT


async def test_batch_of_results_counts_each_once(db):
    draft = await queued(5)
    a, b, c, d, e = await broadcast.next_batch(draft.id)
    assert await broadcast.record_result(a.id, RecipientStatus.SENT)
    results = [(a.id, RecipientStatus.FAILED), (b.id, RecipientStatus.SENT), (c.id, RecipientStatus.SENT),
               (d.id, RecipientStatus.BLOCKED), (e.id, RecipientStatus.FAILED)]
    assert await broadcast.record_results(draft.id, results) == 4  # a was recorded before
    assert await broadcast.record_results(draft.id, results) == 0
    progress = await broadcast.progress(draft.id)
    assert (progress.delivered, progress.failed, progress.blocked, progress.pending) == (3, 1, 1, 0)
    assert (await BroadcastRecipient.get(id=a.id)).status == RecipientStatus.SENT
    assert (await User.get(id=d.user_id)).has_blocked_bot
    assert (await BroadcastRecipient.get(id=b.id)).sent_at is not None
    with pytest.raises(InvalidInput):
        await broadcast.record_results(draft.id, [(a.id, RecipientStatus.PENDING)])


async def test_parallel_batches_of_the_same_results_count_once(db):
    draft = await queued(30)
    results = [(r.id, RecipientStatus.SENT) for r in await broadcast.next_batch(draft.id, limit=30)]
    counts = await asyncio.gather(*(broadcast.record_results(draft.id, results) for _ in range(5)))
    assert sorted(counts) == [0, 0, 0, 0, 30]
    assert (await broadcast.progress(draft.id)).delivered == 30
