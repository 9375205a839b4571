"""Staff roles without Telegram: owners give and take them (audited), nobody else can, an
owner's rights cannot be touched, and alerts find who holds a role."""

from pathlib import Path

import pytest

from nanostore.db.models import AuditEntry, User
from nanostore.domain.staff import ALERT_ROLES, ROLES, Actor, alert_role, parse_roles
from nanostore.services import staff
from nanostore.services.errors import AccessDenied, InvalidInput
from nanostore.services.staff import OwnerRightsFixed
from tests.fixtures.staff import OWNER_ID, person

OWNERS = {OWNER_ID}
BOSS = person(owner=True, user_id=OWNER_ID)


async def people():
    for user_id in (OWNER_ID, 1001, 1002):
        await User.create(id=user_id, first_name=f"P{user_id}")


async def test_an_owner_gives_and_takes_roles_and_each_change_is_audited(db):
    await people()
    assert await staff.set_roles(BOSS, 1001, ["support", "payments"], OWNERS)
    assert await staff.roles_of(1001) == {"support", "payments"}
    assert not await staff.set_roles(BOSS, 1001, ["payments", "support"], OWNERS)  # no change
    assert await staff.toggle_role(BOSS, 1001, "support", OWNERS) is False
    assert await staff.roles_of(1001) == {"payments"}
    entries = await AuditEntry.filter(action="staff.roles").order_by("id")
    assert [(e.admin_id, e.target, e.before, e.after) for e in entries] == [
        (OWNER_ID, "1001", {"text": ""}, {"text": "payments,support"}),
        (OWNER_ID, "1001", {"text": "payments,support"}, {"text": "payments"})]


@pytest.mark.parametrize("role", [None, *ROLES])
async def test_nobody_but_an_owner_changes_roles(db, role):
    await people()
    with pytest.raises(AccessDenied):
        await staff.set_roles(person(role, user_id=1002), 1002, ROLES, OWNERS)
    assert await staff.roles_of(1002) == frozenset()
    assert not await AuditEntry.exists()


async def test_an_owners_rights_cannot_be_changed_so_the_last_owner_keeps_them(db):
    await people()
    with pytest.raises(OwnerRightsFixed):
        await staff.set_roles(BOSS, OWNER_ID, [], OWNERS)
    with pytest.raises(OwnerRightsFixed):
        await staff.toggle_role(BOSS, OWNER_ID, "settings", OWNERS)
    owner = staff.actor_for(await User.get(id=OWNER_ID), OWNERS)
    assert owner.is_owner and all(owner.holds(role) for role in (*ROLES, "owner", "staff"))


async def test_unknown_roles_are_refused(db):
    await people()
    with pytest.raises(InvalidInput):
        await staff.set_roles(BOSS, 1001, ["payments", "god"], OWNERS)
    with pytest.raises(InvalidInput):
        await staff.toggle_role(BOSS, 1001, "god", OWNERS)
    assert parse_roles("payments,god") == {"payments"}  # an old or hand-edited row


async def test_alerts_go_to_the_staff_holding_their_role(db):
    await people()
    await staff.set_roles(BOSS, 1001, ["support"], OWNERS)
    await staff.set_roles(BOSS, 1002, ["payments", "orders"], OWNERS)
    assert await staff.holders(alert_role("new_ticket")) == [1001]
    assert await staff.holders(alert_role("new_proof")) == [1002]
    assert await staff.holders(alert_role("low_stock")) == []
    assert await staff.holders(alert_role("critical_error")) == []  # owners only
    await User.filter(id=1002).update(is_banned=True)
    assert await staff.holders("payments") == []


def test_a_person_holds_exactly_their_roles():
    clerk = Actor(id=5, roles=frozenset({"support"}))
    assert clerk.holds("support") and clerk.holds("staff") and clerk.is_staff
    assert not any(clerk.holds(name) for name in ("payments", "settings", "owner"))
    assert not Actor(id=6).is_staff and not Actor(id=6).holds("staff")


def test_every_admin_alert_template_names_the_role_that_acts_on_it_or_is_for_owners():
    templates = Path(__file__).resolve().parents[2] / "nanostore/content/locales/en/notifications"
    kinds = {path.stem for path in templates.glob("*.j2")}
    assert set(ALERT_ROLES) <= kinds, set(ALERT_ROLES) - kinds  # no misspelt kind
    assert set(ALERT_ROLES.values()) <= set(ROLES)


def test_an_owner_wanting_only_their_areas_still_gets_what_nobody_else_covers():
    from nanostore.domain.staff import alert_recipients
    owners, quiet = {9000, 9001}, {9001}
    assert alert_recipients("support", owners, [1001], quiet) == [1001, 9000]
    assert alert_recipients("payments", owners, [], quiet) == [9000, 9001]  # nobody holds it
    assert alert_recipients("owner", owners, [], quiet) == [9000, 9001]  # the owners' own
