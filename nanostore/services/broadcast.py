"""Broadcasts: an admin's message sent to everyone, resumable after a restart.

Queueing snapshots the recipients into rows, so people joining later are not included and a
restart continues where it stopped. One instance sends at a time, holding a lease it renews;
each recipient is claimed before the send (`attempts` 0 -> 1 while pending) and its result is
recorded once, by a conditional UPDATE on `status='pending'`. A claim is released (back to
0) only when Telegram refused the message, so releasing never risks a second message.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.expressions import F, Q
from tortoise.timezone import now as utc_now
from tortoise.transactions import in_transaction

from nanostore.db.models import Broadcast, BroadcastRecipient, User
from nanostore.db.models.enums import BroadcastStatus, RecipientStatus
from nanostore.domain.staff import Actor

from . import audit, staff, users
from .columns import column
from .errors import InvalidInput, InvalidTransition, NotFound
from .outbox import notify_user

BROADCAST = "broadcast"  # the staff role that sends and cancels broadcasts
TEXT_MAX = 4096
CAPTION_MAX = 1024
SNAPSHOT_CHUNK = 5000
ACTIVE = (BroadcastStatus.QUEUED, BroadcastStatus.RUNNING)
COUNTERS = {RecipientStatus.SENT: "delivered", RecipientStatus.FAILED: "failed",
            RecipientStatus.BLOCKED: "blocked"}


@dataclass(frozen=True)
class Progress:
    status: BroadcastStatus
    total: int
    delivered: int
    failed: int
    blocked: int

    @property
    def pending(self) -> int:
        return max(0, self.total - self.delivered - self.failed - self.blocked)

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else (self.total - self.pending) * 100 // self.total


async def create(admin_id: int, text: str, photo_file_id: str | None = None) -> Broadcast:
    text = (text or "").strip()
    longest = CAPTION_MAX if photo_file_id else TEXT_MAX
    if len(text) > longest or not (text or photo_file_id):
        raise InvalidInput(field="text", reason="length", max=longest)
    return await Broadcast.create(created_by=admin_id, text=text, photo_file_id=photo_file_id)


async def queue(broadcast_id: int) -> int:
    """Freeze the recipients (not banned, not blocking the bot); returns how many."""
    async with in_transaction():
        queued = await Broadcast.filter(id=broadcast_id, status=BroadcastStatus.DRAFT).update(
            status=BroadcastStatus.QUEUED)
        if queued != 1:
            await _raise_not_in(broadcast_id, BroadcastStatus.DRAFT)
        total = await _snapshot_recipients(broadcast_id)
        await Broadcast.filter(id=broadcast_id).update(total=total)
    return total


async def _snapshot_recipients(broadcast_id: int) -> int:
    # Keyset pages of ids keep memory flat however many people the shop has.
    total, last_id = 0, None
    reachable = User.filter(is_banned=False, has_blocked_bot=False)
    while True:
        page = reachable.filter(id__gt=last_id) if last_id is not None else reachable
        ids = await page.order_by("id").limit(SNAPSHOT_CHUNK).values_list("id", flat=True)
        if not ids:
            return total
        await BroadcastRecipient.bulk_create(
            [BroadcastRecipient(broadcast_id=broadcast_id, user_id=user_id) for user_id in ids])
        total, last_id = total + len(ids), ids[-1]


async def _raise_not_in(broadcast_id: int, expected: BroadcastStatus) -> None:
    status = await Broadcast.filter(id=broadcast_id).values_list("status", flat=True)
    if not status:
        raise NotFound(entity="broadcast", id=broadcast_id)
    raise InvalidTransition(status=str(status[0]), expected=str(expected))


async def acquire_lease(broadcast_id: int, owner: str, seconds: int, now: datetime | None = None) -> bool:
    """Take or renew the right to send; False while another live instance holds it."""
    now = now or utc_now()
    free = Q(lease_owner__isnull=True) | Q(lease_until__lt=now) | Q(lease_owner=owner)
    taken = await Broadcast.filter(free, id=broadcast_id, status__in=ACTIVE).update(
        lease_owner=owner, lease_until=now + timedelta(seconds=seconds), status=BroadcastStatus.RUNNING)
    if taken:
        await Broadcast.filter(id=broadcast_id, started_at__isnull=True).update(started_at=now)
    return taken == 1


async def next_batch(broadcast_id: int, limit: int = 30,
                     after_id: int | None = None) -> list[BroadcastRecipient]:
    """Pending recipients in id order; `after_id` pages on from the last one seen (keyset)."""
    pending = BroadcastRecipient.filter(broadcast_id=broadcast_id, status=RecipientStatus.PENDING)
    if after_id is not None:
        pending = pending.filter(id__gt=after_id)
    return list(await pending.order_by("id").limit(limit))


async def record_result(recipient_id: int, status: RecipientStatus) -> bool:
    """False when this recipient's result was already recorded (another instance, a retry)."""
    if status not in COUNTERS:
        raise InvalidInput(field="status", reason="unknown")
    async with in_transaction():
        recipient = BroadcastRecipient.filter(id=recipient_id, status=RecipientStatus.PENDING)
        sent_at = utc_now() if status == RecipientStatus.SENT else None
        if await recipient.update(status=status, sent_at=sent_at, attempts=F("attempts") + 1) != 1:
            return False
        row = await BroadcastRecipient.get(id=recipient_id)
        counter = COUNTERS[status]
        await Broadcast.filter(id=row.broadcast_id).update(**{counter: F(counter) + 1})
        if status == RecipientStatus.BLOCKED:
            await users.mark_blocked_bot(row.user_id)
    return True


async def record_results(broadcast_id: int, results: Iterable[tuple[int, RecipientStatus]]) -> int:
    """Many recipients' results in one transaction: one UPDATE per status and the counters once,
    instead of a transaction per recipient. Results already recorded (by another instance) are
    neither changed nor counted. Returns how many were recorded."""
    by_status: dict[RecipientStatus, list[int]] = defaultdict(list)
    for recipient_id, status in results:
        if status not in COUNTERS:
            raise InvalidInput(field="status", reason="unknown")
        by_status[status].append(recipient_id)
    recorded = 0
    async with in_transaction():
        for status, ids in by_status.items():
            moved = await BroadcastRecipient.filter(
                id__in=ids, broadcast_id=broadcast_id, status=RecipientStatus.PENDING).update(
                status=status, sent_at=utc_now() if status == RecipientStatus.SENT else None,
                attempts=F("attempts") + 1)
            if moved:
                counter = COUNTERS[status]
                await Broadcast.filter(id=broadcast_id).update(**{counter: F(counter) + moved})
            recorded += moved
        for user_id in await _users_of(by_status.get(RecipientStatus.BLOCKED, [])):
            await users.mark_blocked_bot(user_id)
    return recorded


async def _users_of(recipient_ids: list[int]) -> list[int]:
    if not recipient_ids:
        return []
    return await column(BroadcastRecipient.filter(id__in=recipient_ids), "user_id")


async def remember_progress_message(broadcast_id: int, chat_id: int, message_id: int) -> None:
    await Broadcast.filter(id=broadcast_id).update(progress_chat_id=chat_id, progress_message_id=message_id)


async def cancel(broadcast_id: int) -> bool:
    """False when it had already finished or been cancelled."""
    return await _end(broadcast_id, BroadcastStatus.CANCELLED, (BroadcastStatus.DRAFT, *ACTIVE))


async def finish(broadcast_id: int) -> bool:
    """Mark done once nobody is left pending; False while someone is, or when already ended."""
    if await BroadcastRecipient.exists(broadcast_id=broadcast_id, status=RecipientStatus.PENDING):
        return False
    return await _end(broadcast_id, BroadcastStatus.DONE, ACTIVE)


async def _end(broadcast_id: int, status: BroadcastStatus, allowed: tuple) -> bool:
    if not await Broadcast.exists(id=broadcast_id):
        raise NotFound(entity="broadcast", id=broadcast_id)
    async with in_transaction():
        ended = await Broadcast.filter(id=broadcast_id, status__in=allowed).update(
            status=status, finished_at=utc_now(), lease_owner=None, lease_until=None)
        if ended:
            done = await progress(broadcast_id)
            kind = "broadcast_finished" if status == BroadcastStatus.DONE else "broadcast_cancelled"
            await notify_user((await Broadcast.get(id=broadcast_id)).created_by, kind,
                              broadcast_id=broadcast_id, total=done.total, delivered=done.delivered,
                              failed=done.failed, blocked=done.blocked)
    return ended == 1


async def progress(broadcast_id: int) -> Progress:
    row = await Broadcast.get_or_none(id=broadcast_id)
    if row is None:
        raise NotFound(entity="broadcast", id=broadcast_id)
    return Progress(status=row.status, total=row.total, delivered=row.delivered, failed=row.failed,
                    blocked=row.blocked)


async def resumable_broadcasts(now: datetime | None = None) -> list[Broadcast]:
    """Queued or running broadcasts nobody holds a live lease on: what to pick up at start."""
    expired = Q(lease_until__isnull=True) | Q(lease_until__lt=now or utc_now())
    return list(await Broadcast.filter(expired, status__in=ACTIVE).order_by("id"))


async def audience_size() -> int:
    """How many people a broadcast queued now would go to."""
    return await User.filter(is_banned=False, has_blocked_bot=False).count()


async def begin_attempt(recipient_id: int) -> bool:
    """Claim a pending recipient before sending. False means an earlier attempt may have
    reached them (the sender died between Telegram's answer and recording it): never send
    twice, record it as failed instead."""
    return await BroadcastRecipient.filter(id=recipient_id, status=RecipientStatus.PENDING,
                                           attempts=0).update(attempts=1) == 1


async def begin_attempts(recipient_ids: list[int]) -> list[int]:
    """`begin_attempt` for a few people at once; returns those claimed. One UPDATE when all of
    them are free (the usual case), all or nothing; else one by one, to learn which."""
    if not recipient_ids:
        return []
    try:
        async with in_transaction():
            claimed = await BroadcastRecipient.filter(id__in=recipient_ids, status=RecipientStatus.PENDING,
                                                      attempts=0).update(attempts=1)
            if claimed != len(recipient_ids):
                raise _SomeTaken
        return list(recipient_ids)
    except _SomeTaken:  # rolled back: nobody of this group is claimed by us yet
        return [recipient_id for recipient_id in recipient_ids if await begin_attempt(recipient_id)]


class _SomeTaken(Exception):
    pass


async def release_claim(recipient_id: int) -> bool:
    """Undo `begin_attempt` when Telegram refused the message (429, or no connection was made):
    nothing reached the person, so they are pending and unclaimed again, and whichever sender
    comes next (this one after retry_after, or a new one after a crash) sends it once."""
    return await BroadcastRecipient.filter(id=recipient_id, status=RecipientStatus.PENDING,
                                           attempts=1).update(attempts=0) == 1


async def cancel_by(by: Actor, broadcast_id: int) -> bool:
    staff.require(by, BROADCAST)
    admin_id = by.id
    async with in_transaction():
        cancelled = await cancel(broadcast_id)
        if cancelled:
            await audit.record(admin_id, "broadcast.cancel", broadcast_id)
    return cancelled


async def create_and_queue(by: Actor, text: str,
                           photo_file_id: str | None = None) -> tuple[Broadcast, int]:
    """An admin's confirmed broadcast: stored, its recipients frozen, and audited; refused
    without the broadcast role."""
    staff.require(by, BROADCAST)
    admin_id = by.id
    created = await create(admin_id, text, photo_file_id)
    total = await queue(created.id)
    await audit.record(admin_id, "broadcast.queue", created.id, after={"total": total,
                                                                        "photo": bool(photo_file_id)})
    return created, total
