"""Injection through the texts admins write for everyone: broadcasts, screen content texts,
settings texts (bot name, currency, welcome and maintenance texts, /terms and /paysupport),
channel references and titles, and answers to tickets.

Two of them are formatting on purpose, and are tested as such:
- a broadcast is Telegram HTML: formatting made in Telegram is kept (typed tags then arrive
  escaped), tags typed without any formatting are the admin's HTML, and HTML Telegram refuses
  is caught by the preview and never queued. Template syntax is never evaluated;
- a screen content text is a template with a fixed list of variables, rendered in the sandbox:
  the admin's own `{{ name }}` is meant to run, while a customer's name inserted there stays
  text, and a broken template or refused HTML is never saved.
"""

from __future__ import annotations

from nanostore.bot.broadcaster import Broadcaster
from nanostore.db.models import Broadcast, ScreenContent, User
from nanostore.services import settings as shop_settings
from tests.fixtures.admin import (
    channel_with_bot_admin,
    open_admin_section,
    open_tickets,
    shown,
    tap_containing,
)
from tests.fixtures.catalog import a_product
from tests.fixtures.injection import (
    PAYLOAD,
    assert_labelled,
    assert_nothing_broke,
    assert_on_screen,
    assert_received,
    shows_literally,
)
from tests.fixtures.people import customer
from tests.fixtures.staff import person

OWNER = person(owner=True, user_id=9000)
FORMATTED = "<b>bold</b> &amp; {{ 7*7 }} {% for %} ${x}"
FORMATTED_SHOWN = "bold & {{ 7*7 }} {% for %} ${x}"


def bold_words(message) -> list[str]:
    return [message.text[e["offset"]:e["offset"] + e["length"]] for e in message.entities
            if e["type"] == "bold"]


async def test_broadcast_formatting_is_html_and_templates_never_run(shop, errors_logged):
    ann = await customer(shop, 1001, "Ann")
    admin = await open_admin_section(shop, "📣 Broadcast")
    await admin.send(PAYLOAD)  # typed tags, no Telegram formatting: HTML, and <script> is refused
    assert "a tag Telegram can't show; remove it" in shown(admin).text
    assert not await Broadcast.exists()
    await admin.send(FORMATTED)
    await admin.tap("✅ Send to everyone")
    await Broadcaster(shop.shop.bot).run_once()
    got = [m for m in ann.messages if m.text and FORMATTED_SHOWN in m.text]
    assert len(got) == 1 and bold_words(got[0]) == ["bold"]

    # Formatting made in Telegram: kept, and the typed tags around it arrive as text.
    admin = await open_admin_section(shop, "📣 Broadcast")
    await admin.send(f"Sale {PAYLOAD}", entities=[{"type": "bold", "offset": 0, "length": 4}])
    await admin.tap("✅ Send to everyone")
    await Broadcaster(shop.shop.bot).run_once()
    got = [m for m in ann.messages if m.text and m.text.startswith("Sale ")]
    assert len(got) == 1 and shows_literally(got[0], PAYLOAD) and bold_words(got[0]) == ["Sale"]
    assert_nothing_broke(shop, errors_logged, admin, ann, refused_previews=1)


async def test_content_texts_are_sandboxed_templates_and_names_in_them_stay_text(shop, errors_logged):
    admin = await open_admin_section(shop, "🎨 Screen content")
    await admin.tap("👋 Welcome")
    await admin.tap("📝 Set text")
    await admin.send(PAYLOAD)  # {% for %} is a broken template
    assert "❌ The text has a mistake and was not saved" in shown(admin).text
    await admin.send("<script> {{ name }}")
    assert ("❌ Not saved: The text uses <script> near “<script> Admin”, a tag Telegram can't show"
            in shown(admin).text)
    assert not await ScreenContent.exists()
    await admin.send("<b>Hi</b> {{ name }} &amp; {{ '{{' }} 7*7 }}")
    assert "✅ Saved." in shown(admin).text
    assert_on_screen(admin, "<b>Hi</b> {{ name }} &amp; {{ '{{' }} 7*7 }}")  # the source, as typed

    ann = shop.person(1001, PAYLOAD)
    await ann.command("start")
    assert shows_literally(ann.screen.message, f"{PAYLOAD} & {{{{ 7*7 }}}}")
    assert "Hi" in bold_words(ann.screen.message)
    assert_nothing_broke(shop, errors_logged, admin, ann, refused_previews=1)


async def set_setting(admin, label: str, value: str) -> None:
    await admin.tap(label)
    await admin.send(value)
    assert "saved" in shown(admin).text, shown(admin).text


async def test_settings_texts_stay_text_for_customers(shop, errors_logged):
    await a_product("Key", price=1000)
    admin = await open_admin_section(shop, "⚙️ Settings")
    await set_setting(admin, "✏️ Bot name", PAYLOAD)
    await set_setting(admin, "✏️ Currency symbol", "<i>&amp;")
    await set_setting(admin, "✏️ Welcome text", f"Welcome {PAYLOAD}")
    assert_on_screen(admin, f"Welcome {PAYLOAD}"[:39])  # the list shows the first 39 characters
    await set_setting(admin, "✏️ Maintenance text", f"Closed {PAYLOAD}")

    ann = await customer(shop, 1001, "Ann")
    assert_on_screen(ann, PAYLOAD)  # "Welcome to …, Ann!"
    assert_on_screen(ann, f"Welcome {PAYLOAD}")
    await ann.tap("🛍 Open the shop")
    assert_on_screen(ann, PAYLOAD)  # the hub's title
    await ann.tap("🛍 Shop")
    await tap_containing(ann, "")
    assert_labelled(ann, "<i>&amp;10.00")

    await shop_settings.change(OWNER, "maintenance", True)
    alert = await ann.tap("⬅️ Back")  # a tap is answered with an alert, which is plain text
    assert alert.text == f"Closed {PAYLOAD}"
    await ann.command("start")
    assert shows_literally(ann.messages[-1], f"Closed {PAYLOAD}")
    assert_nothing_broke(shop, errors_logged, admin, ann)


async def test_terms_and_paysupport_texts_stay_text(shop, errors_logged):
    await shop_settings.change(OWNER, "terms_text", f"Terms {PAYLOAD}")
    await shop_settings.change(OWNER, "paysupport_text", f"Support {PAYLOAD}")
    ann = await customer(shop, 1001, "Ann")
    await ann.command("terms")
    await ann.command("paysupport")
    assert_received(ann, f"Terms {PAYLOAD}")
    assert_received(ann, f"Support {PAYLOAD}")
    assert_nothing_broke(shop, errors_logged, ann)


async def test_channel_references_and_titles(shop, errors_logged):
    channel_with_bot_admin(shop, -100500, "news", f"News {PAYLOAD}")
    admin = await open_admin_section(shop, "📢 Channels")
    await admin.tap("➕ Add a channel")
    await admin.send(PAYLOAD)
    assert "That is not a @username" in shown(admin).text
    await admin.send("@news")
    assert_on_screen(admin, f"News {PAYLOAD}")  # "✅ … added"
    assert_labelled(admin, f"News {PAYLOAD}")
    ann = shop.person(1001, "Ann")
    await ann.command("start")
    assert "please join our channel" in ann.messages[-1].text
    assert_labelled(ann, f"News {PAYLOAD}")
    assert_nothing_broke(shop, errors_logged, admin, ann)


async def test_ticket_answers_reach_the_customer_as_text(shop, errors_logged):
    from nanostore.services import tickets
    from tests.fixtures.people import open_support

    ann = shop.person(1001, "Ann")
    await User.create(id=1001, first_name="Ann")
    ticket = await tickets.open_ticket(1001, "Key does not work", "It says invalid")
    await shop.flush()
    admin = await open_tickets(shop)
    await tap_containing(admin, f"#{ticket.id}")
    await admin.tap("✍️ Reply")
    await admin.send(f"Answer {PAYLOAD}")
    assert_on_screen(admin, f"Answer {PAYLOAD}")
    await shop.flush()
    assert_received(ann, f"Answer {PAYLOAD}")
    await open_support(ann)
    await tap_containing(ann, f"#{ticket.id}")
    assert_on_screen(ann, f"Answer {PAYLOAD}")
    assert_nothing_broke(shop, errors_logged, admin, ann)
