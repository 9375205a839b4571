"""The sandbox server: chat, buttons by position, personas, files, uploads, safe HTML."""

from __future__ import annotations

import aiohttp

from nanostore.sandbox.personas import ADMIN, CUSTOMER
from tests.sandbox.chat_client import chat, find_button, send, tap


async def test_start_then_a_button_edits_the_screen_in_place(client):
    messages = await send(client, "/start")
    assert messages[0]["html"] == "/start" and not messages[0]["from_bot"]
    welcome = messages[-1]
    assert "Welcome to NanoStore Demo, Ann!" in welcome["html"]
    assert "<b>Welcome" in welcome["html"]  # Telegram bold became a tag
    messages = await tap(client, "🛍 Open the shop")
    assert messages[-1]["id"] == welcome["id"] and messages[-1]["edited"]
    assert "Choose a section" in messages[-1]["html"]


async def test_personas_have_their_own_chats_and_roles(client):
    await send(client, "/start", "customer")
    await tap(client, "🛍 Open the shop", "customer")
    admin_welcome = (await send(client, "/start", "admin"))[-1]
    assert "Welcome to NanoStore Demo, Alex!" in admin_welcome["html"]
    admin_chat = await tap(client, "🛍 Open the shop", "admin")
    admin_labels = [b["text"] for row in admin_chat[-1]["buttons"] for b in row]
    customer_labels = [b["text"] for row in (await chat(client))[-1]["buttons"] for b in row]
    assert any("Admin" in label for label in admin_labels)
    assert not any("Admin" in label for label in customer_labels)
    personas = await (await client.get("/api/personas")).json()
    assert [(p["key"], p["id"]) for p in personas] == [("customer", CUSTOMER.user_id),
                                                       ("admin", ADMIN.user_id)]
    assert (await client.get("/api/chat/nobody")).status == 404


async def test_category_banner_is_served_as_a_png(client):
    await send(client, "/start")
    await tap(client, "🛍 Open the shop")
    await tap(client, "🛍 Shop")
    games = next(b["text"] for m in await chat(client) for row in m["buttons"] for b in row
                 if "Games" in b["text"])
    messages = await tap(client, games)
    media = messages[-1]["media"]
    assert media["kind"] == "photo" and media["url"].startswith("/api/file/")
    response = await client.get(media["url"])
    assert response.status == 200 and response.content_type == "image/png"
    assert (await response.read()).startswith(b"\x89PNG")
    assert (await client.get("/api/file/photos/nothing.png")).status == 404


async def test_uploaded_photo_appears_in_the_chat(client):
    form = aiohttp.FormData()
    form.add_field("file", b"\xff\xd8\xff\xe0fake-jpeg", filename="proof.jpg", content_type="image/jpeg")
    form.add_field("caption", "my receipt")
    response = await client.post("/api/chat/customer/upload", data=form)
    assert response.status == 200
    mine = [m for m in await chat(client) if not m["from_bot"]]
    assert mine[-1]["media"]["kind"] == "photo" and mine[-1]["html"] == "my receipt"
    document = aiohttp.FormData()
    document.add_field("file", b"a,b\n", filename="keys.csv", content_type="text/csv")
    assert (await client.post("/api/chat/customer/upload", data=document)).status == 200
    shown = [m for m in await chat(client) if not m["from_bot"]][-1]["media"]
    assert shown["kind"] == "document" and shown["name"] == "keys.csv"
    served = await client.get(shown["url"])
    assert served.headers["Content-Disposition"].startswith("attachment")


async def test_bot_html_is_shown_as_text_never_as_markup(client, sandbox):
    bot = sandbox.live_bot.bot
    await bot.send_message(CUSTOMER.user_id, "&lt;script&gt;window.hacked=1&lt;/script&gt; <b>bold</b> "
                           '<a href="https://example.org/?a=1&amp;b=2">site</a> <i>it</i>')
    await bot.send_message(CUSTOMER.user_id, '<img src=x onerror="alert(1)">', parse_mode=None)
    first, second = (await chat(client))[-2:]
    assert first["html"] == ("&lt;script&gt;window.hacked=1&lt;/script&gt; <b>bold</b> "
                             '<a href="https://example.org/?a=1&amp;b=2" target="_blank" '
                             'rel="noopener noreferrer">site</a> <i>it</i>')
    assert second["html"] == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    page = await client.get("/")
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


async def test_refusals_are_explained(client):
    await send(client, "/start")
    missing = await client.post("/api/chat/customer/tap", json={"message_id": 999, "row": 0, "column": 0})
    assert missing.status == 409 and "gone" in (await missing.json())["error"]
    messages = await chat(client)
    off_keyboard = {**find_button(messages, "🛍 Open the shop"), "column": 5}
    assert (await client.post("/api/chat/customer/tap", json=off_keyboard)).status == 409
    assert (await client.post("/api/chat/customer/tap", json={"message_id": "x"})).status == 400
    assert (await client.post("/api/chat/customer/send", data=b"not json")).status == 400
    assert (await client.post("/api/chat/customer/send", json={"text": "  "})).status == 409
    assert (await client.post("/api/chat/customer/upload", data={"caption": "no file"})).status == 400
