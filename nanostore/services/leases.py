"""Which instance runs a background job now: a lease row per job that its holder renews and
another instance takes over only after it lapsed (the holder died or stalled).

One conditional UPDATE takes or renews the lease, so of two instances asking at once only one
gets it; the first instance ever to ask creates the row. Jobs stay correct without the lease
(each change they make is a guarded UPDATE); the lease keeps them from doing the work twice
and from racing each other for the same rows.
"""

from __future__ import annotations

from datetime import timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.timezone import now as utc_now

from nanostore.db.models import JobLease


async def hold(job: str, holder: str, seconds: float) -> bool:
    """Take or renew the lease on `job` for `seconds`; False while another holder has it."""
    now = utc_now()
    until = now + timedelta(seconds=seconds)
    taken = await JobLease.filter(Q(name=job) & (Q(holder=holder) | Q(until__lt=now))).update(
        holder=holder, until=until)
    if taken == 1:
        return True
    if await JobLease.exists(name=job):
        return False
    try:
        await JobLease.create(name=job, holder=holder, until=until)
    except IntegrityError:  # another instance created it at the same moment: it holds it
        return False
    return True


async def release(job: str, holder: str) -> None:
    """Give the lease up at shutdown, so another instance need not wait for it to lapse."""
    await JobLease.filter(name=job, holder=holder).delete()
