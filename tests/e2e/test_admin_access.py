"""Admin areas check the person on every getter and action, not only on the menu that leads
there: a customer calling any `admin...` name gets AccessDenied and the database is unchanged."""

from __future__ import annotations

from tortoise import Tortoise

from nanostore.actions.admin_access import is_admin_name
from nanostore.bot.screens import shop_registry
from nanostore.db.models import (
    AuditEntry,
    Broadcast,
    ForceJoinChannel,
    ScreenContent,
    Ticket,
    TicketMessage,
    User,
)
from nanostore.services.errors import AccessDenied
from nanostore.ui import ActionContext
from tests.fixtures.admin import open_admin_panel


class CustomerManager:
    """Just enough of a DialogManager for a guard to look at: a customer's middleware data and
    dialog data pointing at real rows, so an unguarded function would find something to change."""

    def __init__(self, shop_user):
        self.middleware_data = {"is_admin": False, "shop_user": shop_user, "locale": "en",
                                "event_from_user": None, "shop": None}
        self.dialog_data = {key: 1 for key in SEEDED_IDS} | {"key": "maintenance", "text": "x"}
        self.start_data = {key: 1 for key in SEEDED_IDS}

    def current_context(self):
        raise AssertionError("an admin function ran for a customer")

    def __getattr__(self, name):
        raise AssertionError(f"an admin function used the dialog manager ({name}) for a customer")


SEEDED_IDS = ("ticket_id", "broadcast_id", "user_id", "product_id", "category_id", "order_id",
              "coupon_id", "method_id", "proof_id", "topup_id", "channel_id", "screen", "entry_id")


async def row_counts() -> dict[str, int]:
    return {name: await model.all().count() for name, model in sorted(Tortoise.apps["models"].items())}


async def seed_rows():
    ann = await User.create(id=1001, first_name="Ann")
    ticket = await Ticket.create(user=ann, subject="Help")
    await TicketMessage.create(ticket=ticket, author_id=1001, text="Please")
    await Broadcast.create(created_by=9000, text="Draft")
    await ForceJoinChannel.create(chat_id=-1001, username="news")
    await ScreenContent.create(screen="shop", text="Hi")
    await AuditEntry.create(admin_id=9000, action="x")
    return ann


def admin_names(kind: str) -> list[str]:
    return [name for name in shop_registry().names(kind) if is_admin_name(name)]


async def test_every_admin_getter_and_action_refuses_customers_and_changes_nothing(db):
    registry = shop_registry()
    ann = await seed_rows()
    before = await row_counts()
    unguarded, let_through = [], []
    for kind in ("getter", "action"):
        for name in admin_names(kind):
            function = registry.get(kind, name)
            if not getattr(function, "admin_only", False):
                unguarded.append(name)
            manager = CustomerManager(ann)
            try:
                if kind == "getter":
                    await function(manager, **manager.middleware_data, page=0, pages_by_widget={})
                else:
                    await function(ActionContext(None, manager, None, "x", 1, "1", {}))
            except AccessDenied:
                continue
            except Exception as error:  # noqa: BLE001 - anything but a refusal is a failure
                let_through.append(f"{name}: {type(error).__name__}: {error}")
                continue
            let_through.append(f"{name}: returned normally")
    assert len(admin_names("action")) > 10 and admin_names("getter")
    assert unguarded == [], f"admin functions without @admin_only: {unguarded}"
    assert let_through == [], "admin functions that did not refuse a customer:\n" + "\n".join(let_through)
    assert await row_counts() == before


async def test_customers_never_see_the_admin_button_and_a_forged_tap_does_nothing(shop):
    ann = shop.person(1001)
    await ann.command("start")
    await ann.tap("🛍 Open the shop")
    labels = " ".join(ann.screen.labels)
    assert "Admin" not in labels and "Админ" not in labels
    # The admin's own panel button, tapped by Ann with the admin's callback data.
    admin = await open_admin_panel(shop)
    panel = admin.screen.message
    settings_button = next(button for row in panel.reply_markup["inline_keyboard"] for button in row
                           if button["text"] == "⚙️ Settings")
    before = await row_counts()
    forged = await ann._callback(ann.screen.message, settings_button["callback_data"])
    assert "Settings" not in ann.screen.text
    assert forged is None or "Settings" not in (forged.text or "")
    assert await row_counts() == {**before, "OutboxMessage": before["OutboxMessage"]}
