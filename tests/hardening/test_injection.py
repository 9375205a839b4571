"""HTML and Jinja injection through what people type: shown as plain text, never as markup or an
evaluated template. The emulator parses HTML strictly, so a broken escape would show up as a
"can't parse entities" refusal: none may occur."""

from __future__ import annotations

from nanostore.db.models import Order
from nanostore.services import coupons
from tests.e2e.test_admin_orders import open_section, shown, tap_containing
from tests.hardening.test_faults import (a_product, assert_friendly, buy_through_the_screens,
                                         parse_errors, send_everything_due, tap_starting)

EVIL = "<b>{{ 7*7 }}</b>{% raw %}<i>&"


async def test_names_coupons_and_product_names_stay_text(shop, errors_logged):
    emu = shop.emulator
    await coupons.create("SAVE10", 10)
    key = await a_product(f"Key {EVIL}", price=1000, stock=1, keys=["K-EVIL"])
    ann = shop.person(1001, EVIL, username="ann")
    await ann.command("start")
    await buy_through_the_screens(shop, ann, key)
    assert "Key <b>{{ 7*7 }}</b>" in shown(ann).text  # the literal text, not bold, not 49
    await ann.tap("🎟 Apply coupon")
    await ann.send(EVIL)  # a coupon code that is markup
    await ann.send("{{ ''.__class__ }}")
    await ann.tap(next(label for label in [lbl for row in shown(ann).buttons for lbl in row]
                       if "Back" in label or "Cancel" in label or "✖️" in label))
    await ann.tap("✅ Confirm order")
    order = await Order.get(user_id=ann.id)
    await send_everything_due(shop)
    admin = await open_section(shop, "🛒 Orders")
    await tap_containing(admin, f"#{order.id}")
    assert "{{ 7*7 }}" in shown(admin).text and "<class" not in shown(admin).text
    assert parse_errors(emu) == []
    assert_friendly(ann, admin)
    assert not errors_logged()


async def test_ticket_texts_and_search_queries_stay_text(shop, errors_logged):
    from tests.e2e.test_search import open_search
    from tests.e2e.test_support import open_support

    ann, admin = shop.person(1002, "Bo"), shop.admin
    await admin.command("start")
    await open_support(ann)
    await ann.tap("➕ New ticket")
    await ann.send(f"Subject {EVIL}")
    await ann.send(f"Body {EVIL} {{{{ ''.__class__.__mro__ }}}}")
    assert f"Body {EVIL}" in ann.screen.text  # the thread shows the literal text
    await shop.flush()
    told = "\n".join(message.text or message.caption or "" for message in admin.messages)
    assert f"Subject {EVIL}" in told and "<class" not in told
    await open_search(ann)
    await ann.send(EVIL[:60])
    assert f"Nothing found for «{EVIL[:60]}»" in ann.screen.text
    assert parse_errors(shop.emulator) == []
    assert not errors_logged()


def test_admin_screen_texts_cannot_reach_python_objects():
    from nanostore.ui.sandbox import SafeTextRenderer

    renderer = SafeTextRenderer(max_length=4096)
    for source in ("{{ ''.__class__.__mro__ }}", "{{ name.__class__ }}", "{{ lipsum.__globals__ }}",
                   "{% for x in ().__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}"):
        rendered = renderer.render(source, {"name": "Ann"})
        shown = rendered.text or ""
        assert "class" not in shown and "function" not in shown, (source, shown)
