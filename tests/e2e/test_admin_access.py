"""The back office's access, walked for every role without Telegram: a customer, one person per
staff role and an owner try every admin window and every button in it, through the same door
the bot uses (the dialog switch, then the window getters). Each gets exactly the areas its role
opens (tests/fixtures/staff.py writes them out by hand) and nothing else; a refusal comes before
any getter or action runs, so no row can change. Then a forged tap through the real bot."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from aiogram.types import CallbackQuery, Message
from aiogram.types import User as TelegramUser
from aiogram_dialog.utils import CB_SEP
from tortoise import Tortoise

from nanostore.bot.screens import shop_registry
from nanostore.ui.access import AccessMap, AccessRefused
from nanostore.ui.compiler import build_dialogs
from nanostore.ui.dialog_switch import DialogSwitch
from nanostore.ui.schema_parts import HandlerChain, StartSpec
from nanostore.ui.states import state_of
from nanostore.ui.walk import getter_refs, handlers, widgets
from tests.e2e.shop import shop_bundle
from tests.fixtures.admin import open_admin_panel
from tests.fixtures.staff import BUTTON_ROLES, CASES, OWNER_ONLY_WINDOWS, opens

# The access walk tests the engine and the roles, the same on either database.
pytestmark = pytest.mark.one_backend

ADMIN = "admin"


async def row_counts() -> dict[str, int]:
    return {name: await model.all().count() for name, model in sorted(Tortoise.apps["models"].items())}


def admin_dialogs(bundle):
    return {name: spec for name, spec in bundle.dialogs.items() if name.startswith(ADMIN)}


class Reached(Exception):
    """The update got past the door into the dialog."""


class DialogBehindTheDoor:
    async def propagate_event(self, **kwargs):
        raise Reached


def target_of(widget) -> tuple[str | None, str | None]:
    """(dialog it starts, window it switches to) by its handlers, read from the YAML."""
    for _, handler in handlers(widget):
        if isinstance(handler, HandlerChain):
            if handler.start is not None:
                start = handler.start
                return (start.dialog if isinstance(start, StartSpec) else start), None
            if handler.switch_to is not None:
                return None, handler.switch_to
    return None, None


def expected(actor, dialog: str, window: str, widget=None) -> bool:
    allowed = opens(actor, dialog) and ((dialog, window) not in OWNER_ONLY_WINDOWS or actor.is_owner)
    if widget is None or not allowed:
        return allowed
    started, switched = target_of(widget)
    if started is not None and started.startswith(ADMIN):
        allowed = opens(actor, started)
    if switched is not None and (dialog, switched) in OWNER_ONLY_WINDOWS:
        allowed = actor.is_owner
    role = BUTTON_ROLES.get((dialog, window, getattr(widget.spec, "id", None)))
    return allowed and (role is None or actor.holds(role))


def updates(dialog, window, spec):
    """A typed message, then a tap on each button of the window (as a forged callback would)."""
    person = TelegramUser(id=1001, is_bot=False, first_name="Ann")
    yield None, Message.model_construct(text="x", from_user=person)
    for widget in widgets(spec, ()):
        widget_id = getattr(widget.spec, "id", None)
        if widget_id and widget.kind not in ("text_input", "message_input"):
            data = f"intent{CB_SEP}{widget_id}" + (":1" if widget.kind == "select" else "")
            yield widget, CallbackQuery.model_construct(id="1", data=data, from_user=person,
                                                        chat_instance="c")


async def test_the_door_lets_every_role_through_exactly_its_areas():
    bundle = shop_bundle()
    registry = shop_registry()
    door = DialogSwitch([], access=AccessMap.of(bundle.dialogs), registry=registry)
    dialogs = {dialog.states_group().__name__: dialog for dialog in build_dialogs(bundle)}
    wrong, tried = [], 0
    for case, actor in CASES:
        for name, dialog in admin_dialogs(bundle).items():
            group = dialogs[name].states_group()
            door.by_group[group] = DialogBehindTheDoor()  # type: ignore[assignment]
            for window, spec in dialog.windows.items():
                context = SimpleNamespace(state=state_of(group, window))
                for widget, event in updates(dialog, window, spec):
                    tried += 1
                    try:
                        await door.propagate_event("update", event, actor=actor,
                                                   aiogd_context=context)
                        reached = False  # not possible: the stub always raises
                    except Reached:
                        reached = True
                    except AccessRefused:
                        reached = False
                    if reached != expected(actor, name, window, widget):
                        what = getattr(widget.spec, "id", "a message") if widget else "a message"
                        wrong.append(f"{case}: {name}:{window} {what}: "
                                     f"{'let through' if reached else 'refused'}")
    assert tried > 500
    assert wrong == [], "\n".join(wrong)


class Untouchable:
    """A dialog manager for a refused person: any use of it means a getter started reading."""

    def __init__(self, actor):
        self.middleware_data = {"actor": actor}

    def is_preview(self) -> bool:
        return False

    def __getattr__(self, name):
        raise AssertionError(f"a getter used the dialog manager ({name}) before the access check")


async def test_window_getters_and_dialog_starts_refuse_before_reading_anything():
    bundle = shop_bundle()
    built = {dialog.states_group().__name__: dialog for dialog in build_dialogs(bundle)}
    refused = 0
    for _, actor in CASES:
        for name, dialog in admin_dialogs(bundle).items():
            compiled = built[name]
            if not opens(actor, name) and compiled.on_start is not None:
                with pytest.raises(AccessRefused):
                    await compiled.on_start({}, Untouchable(actor))
            for window in dialog.windows:
                getter = compiled.windows[state_of(compiled.states_group(), window)].getter
                if expected(actor, name, window):
                    continue
                refused += 1
                with pytest.raises(AccessRefused):
                    await getter(dialog_manager=Untouchable(actor), actor=actor)
    assert refused > 100


def test_every_admin_getter_and_action_is_used_only_behind_access():
    bundle = shop_bundle()
    registry = shop_registry()
    used_behind, used_open = set(), set()
    for dialog in bundle.dialogs.values():
        found = {ref for _, ref, _ in getter_refs(dialog.getter, ())}
        found |= {hook for hook in (dialog.on_start, dialog.on_close, dialog.on_process_result) if hook}
        for spec in dialog.windows.values():
            found |= {ref for _, ref, _ in getter_refs(spec.getter, ())}
            for widget in widgets(spec, ()):
                for _, handler in handlers(widget):
                    found.add(handler if isinstance(handler, str) else handler.action)
        (used_behind if dialog.access else used_open).update(found - {None})
    admin_names = {name for kind in ("getter", "action") for name in registry.names(kind)
                   if name.startswith(ADMIN)}
    assert len(admin_names) > 100
    assert admin_names & used_open == set(), "admin names in a dialog without access"
    assert admin_names - used_behind == set(), "admin names no screen uses (unguarded if ever used)"


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
