"""Stars charges Telegram took that the shop never recorded, found in the bot's Stars ledger.

A successful_payment update can be lost: polling acknowledges it (the next getUpdates offset)
before the handler has run, so a crash at that moment loses it; and in either mode a handler
that fails (a database blip) is answered as handled by the error router, so Telegram does not
send it again. The customer is charged and nothing is recorded. The ledger (getStarTransactions,
read by the bot layer) still lists the charge under the same telegram_payment_charge_id, which
is the StarsPayment key: a charge recorded either way is skipped, one that is missing is applied
through stars.apply_charge, exactly as the update would have applied it.

How far back to look: a day, and further back to an hour before the newest recorded payment,
since a shop that was down for a week lost its charges just before going down. A fresh database
(no payment yet) looks back a day only, so pointing a new database at an old bot does not turn
its whole history into orphans.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from nanostore.db.models import StarsPayment, User

from . import users
from .columns import column
from .users import TelegramPerson

RECENT = timedelta(days=1)
OVERLAP = timedelta(hours=1)  # updates are handled concurrently: a lost one may be a bit older
IDS_PER_QUERY = 500


@dataclass(frozen=True)
class LedgerCharge:
    """An incoming payment of the ledger: what successful_payment would have told us."""

    charge_id: str
    payer: TelegramPerson
    amount: int
    payload: str
    date: datetime

    @property
    def user_id(self) -> int:
        return self.payer.id


async def lookback_start(now: datetime) -> datetime:
    since = now - RECENT
    newest = await StarsPayment.all().order_by("-id").first()
    if newest is not None and newest.created_at - OVERLAP < since:
        since = newest.created_at - OVERLAP
    return since


async def unrecorded(charges: Iterable[LedgerCharge]) -> list[LedgerCharge]:
    """The charges no StarsPayment row knows, in the order given, each once."""
    pending = list({charge.charge_id: charge for charge in charges}.values())
    known: set[str] = set()
    for start in range(0, len(pending), IDS_PER_QUERY):
        ids = [charge.charge_id for charge in pending[start:start + IDS_PER_QUERY]]
        known.update(await column(StarsPayment.filter(charge_id__in=ids), "charge_id"))
    return [charge for charge in pending if charge.charge_id not in known]


async def register_payer(payer: TelegramPerson) -> None:
    """The payer's row, as their update would have made it; an existing row is left alone (a
    ledger line is not the person writing to the bot, so nothing is 'touched')."""
    if not await User.exists(id=payer.id):
        await users.register_or_touch(id=payer.id, username=payer.username,
                                      first_name=payer.first_name, last_name=payer.last_name,
                                      language_code=payer.language_code)
