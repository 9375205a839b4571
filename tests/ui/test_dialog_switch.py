"""The DialogSwitch hands an update only to the dialog of the person's current states group."""

from __future__ import annotations

from nanostore.ui.dialog_switch import DialogSwitch


def _switch(shop) -> DialogSwitch:
    return next(router for router in shop.dp.sub_routers if isinstance(router, DialogSwitch))


def _record_offers(monkeypatch, switch: DialogSwitch) -> list[str]:
    offered: list[str] = []
    for dialog in switch.by_group.values():
        original = dialog.propagate_event

        async def recording(*args, _dialog=dialog, _original=original, **kwargs):
            offered.append(_dialog.states_group_name())
            return await _original(*args, **kwargs)

        monkeypatch.setattr(dialog, "propagate_event", recording)
    return offered


async def test_every_sample_dialog_sits_behind_the_switch(shop):
    names = {dialog.states_group_name() for dialog in _switch(shop).by_group.values()}
    assert len(names) == len(shop.bundle.dialogs) >= 3


async def test_a_tap_is_offered_to_its_own_dialog_only(shop, monkeypatch):
    await shop.start()
    offered = _record_offers(monkeypatch, _switch(shop))
    message = await shop.tap("Catalog")
    assert "Back" in shop.buttons(message)  # the tap was handled: the catalog is shown
    # The menu's dialog handled the tap; no other dialog was asked (the catalog starts through
    # the manager, not through routing).
    assert offered and set(offered) == {offered[0]}
    assert "menu" in offered[0].lower()


async def test_an_update_with_no_open_dialog_reaches_no_dialog(shop, monkeypatch):
    offered = _record_offers(monkeypatch, _switch(shop))
    await shop.client.send("hello")  # nothing started yet: no context, and no reply
    assert offered == []
    assert shop.messages.sent_messages == []
