"""HTML and Jinja injection through what people type: shown as plain text, never as markup or an
evaluated template. The emulator parses HTML strictly, so a broken escape would show up as a
"can't parse entities" refusal: none may occur.

The payload and the checks all test_injection* modules use are in tests/fixtures/injection.py;
this module covers the fields customers type (their names, coupon codes, ticket subjects, texts
and replies, search queries). Every free-text input of screens/*.yaml is covered somewhere:

- test_injection_catalog: category names and emoji, product names and descriptions, FAQ
  questions and answers, product media captions, delivery pool keys and file names, bulk stock
  lines, imported catalog files.
- test_injection_payments: payment-method names, emoji and details (admin, checkout, top-up),
  proof and top-up rejection notes, balance adjustment reasons, user search, manual delivery
  texts, coupon codes an admin types.
- test_injection_admin_texts: broadcasts, screen content texts, settings texts (bot name,
  currency, welcome and maintenance texts), channel references, admin ticket answers.

Numbers (prices, stock, percents, amounts) only ever keep a parsed number; the seeded fuzz
(test_fuzz) types markup into them on every screen.
"""

from __future__ import annotations

from nanostore.db.models import Order
from nanostore.services import coupons
from tests.fixtures.admin import open_section, shown, tap_containing
from tests.fixtures.catalog import a_product
from tests.fixtures.checks import assert_friendly, parse_errors
from tests.fixtures.injection import (
    PAYLOAD,
    assert_labelled,
    assert_nothing_broke,
    assert_on_screen,
    assert_received,
)
from tests.fixtures.purchases import buy_through_the_screens, send_everything_due

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
    from tests.fixtures.people import open_search, open_support

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


async def test_a_customer_name_and_ticket_reply_stay_text_on_every_admin_screen(shop, errors_logged):
    from nanostore.services import tickets
    from tests.fixtures.orders import requested_topup
    from tests.fixtures.people import open_support

    await shop.admin.command("start")
    ann = shop.person(1001, PAYLOAD, username="ann")
    await ann.command("start")
    ticket = await tickets.open_ticket(ann.id, f"Subject {PAYLOAD}", "First message")
    await requested_topup(shop)
    await open_support(ann)
    await tap_containing(ann, f"#{ticket.id}")
    await ann.tap("✍️ Reply")
    await ann.send(f"Reply {PAYLOAD}")
    assert_on_screen(ann, f"Reply {PAYLOAD}")
    await shop.flush()
    assert_received(shop.admin, f"Reply {PAYLOAD}")  # the admins' "reply in ticket" notice

    admin = await open_section(shop, "👥 Users")
    assert_labelled(admin, PAYLOAD)
    await tap_containing(admin, PAYLOAD)
    assert_on_screen(admin, PAYLOAD)
    admin = await open_section(shop, "🎫 Tickets")
    assert_labelled(admin, f"Subject {PAYLOAD}")
    await tap_containing(admin, f"#{ticket.id}")
    assert_on_screen(admin, f"Subject {PAYLOAD}")
    assert_on_screen(admin, f"Reply {PAYLOAD}")
    assert_on_screen(admin, f"Customer: {PAYLOAD} (@ann)")
    admin = await open_section(shop, "💰 Top-ups")
    await tap_containing(admin, "$10.00")
    assert_on_screen(admin, PAYLOAD)
    assert_nothing_broke(shop, errors_logged, ann, admin)
