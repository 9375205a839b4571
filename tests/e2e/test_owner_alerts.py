"""An owner chooses which alerts they get: every one (the default), or only those of areas no
staff member holds and the owners' own; the choice is a button on the admin panel, audited."""

from __future__ import annotations

import pytest

from nanostore.db.models import AuditEntry
from nanostore.services import tickets
from tests.fixtures.admin import customer, labels, open_admin_panel
from tests.fixtures.orders import proof_for_new_order
from tests.fixtures.staff import give_roles

# Alert routing reads the same on either database.
pytestmark = pytest.mark.one_backend

SAM = 1005
EVERY, OWN = "🔔 Alerts: every one", "🔕 Alerts: only areas no staff covers"


def ticket_alerts(person, subject: str) -> int:
    return sum(subject in (m.text or m.caption or "") for m in person.inbox)


def proof_alerts(person) -> int:
    return sum(m.media_kind == "photo" for m in person.inbox)


async def test_an_owner_who_wants_only_their_areas_gets_what_no_staff_member_covers(shop):
    await customer(shop)
    sam = await customer(shop, SAM, "Sam", username="sam")
    await give_roles(SAM, "support")
    admin = await open_admin_panel(shop)
    assert EVERY in labels(admin)
    await admin.tap(EVERY)
    assert OWN in labels(admin)
    entry = await AuditEntry.get(action="staff.alerts")
    assert (entry.admin_id, entry.after) == (9000, {"every": False})
    photos_before = proof_alerts(admin)

    await tickets.open_ticket(1001, "Key does not work", "It is rejected")
    await proof_for_new_order(shop)  # payments: nobody but the owner holds it
    await shop.flush()
    assert ticket_alerts(sam, "Key does not work") == 1
    assert ticket_alerts(admin, "Key does not work") == 0  # support covers tickets
    assert proof_alerts(admin) == photos_before + 1 and proof_alerts(sam) == 0

    await open_admin_panel(shop)  # below the alerts
    await admin.tap(OWN)  # every alert again
    assert EVERY in labels(admin)
    await tickets.open_ticket(1001, "Second question", "Where is my order?")
    await shop.flush()
    assert ticket_alerts(admin, "Second question") == 1
    assert ticket_alerts(sam, "Second question") == 1
