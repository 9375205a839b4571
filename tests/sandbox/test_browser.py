"""The sandbox page in a real headless Chromium (Debian's `chromium` driven by Playwright):
a customer buys a key with Stars, the admin persona sees the paid order, the key arrives."""

from __future__ import annotations

import importlib.util
import os
import re

import pytest
from aiohttp.test_utils import TestServer

from nanostore.sandbox.banners import banner_png
from nanostore.sandbox.personas import CUSTOMER
from nanostore.sandbox.web import build_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
RECEIPT_PNG = banner_png("Receipt", "#444444")
WAIT_MS = 30_000  # only bounds a failing run; a passing one moves on as soon as the text is there

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM),
                       reason=f"{CHROMIUM} is missing: apt-get install -y chromium"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None,
                       reason="playwright is missing: pip install playwright (no `playwright install`)"),
]


@pytest.fixture
async def page(sandbox):
    from playwright.async_api import async_playwright

    server = TestServer(build_app(sandbox), host="127.0.0.1")
    await server.start_server()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = await browser.new_page()
        tab.set_default_timeout(WAIT_MS)
        await tab.goto(str(server.make_url("/")))
        yield tab
        await browser.close()
    await server.close()


async def press(page, label: str) -> None:
    # The newest button with the label: older messages may still show theirs.
    await page.get_by_role("button", name=label, exact=True).last.click()


async def expect_in_chat(page, text: str) -> None:
    from playwright.async_api import expect  # imported late: the module is skipped without it

    await expect(page.locator("#chat")).to_contain_text(text, timeout=WAIT_MS)


async def send_text(page, text: str) -> None:
    await page.fill("#text", text)
    await page.press("#text", "Enter")


async def order_a_steam_key(page) -> None:
    await send_text(page, "/start")
    await expect_in_chat(page, "Welcome to NanoStore Demo, Ann!")
    for label in ("🛍 Open the shop", "🛍 Shop", "🎮 Games (2)", "Steam key · $9.99",
                  "🛒 Add to cart", "🛒 Cart (1)", "✅ Checkout", "✅ Confirm order"):
        await press(page, label)  # waits for the button, i.e. for the bot's previous answer
    await expect_in_chat(page, "Pay order #1")


async def test_customer_buys_with_stars_and_gets_the_key(page, sandbox):
    await order_a_steam_key(page)
    await press(page, "⭐ Pay with Stars (20 Stars)")
    await page.get_by_role("button", name="Pay ⭐ 20").click()
    await expect_in_chat(page, "Payment for order #1 confirmed")
    await expect_in_chat(page, "STEAM-AAAA-1111")  # the key, delivered by the notifier

    await page.get_by_role("button", name="🛠 Admin").click()
    await expect_in_chat(page, "#1")  # the admins' "order paid" notification
    await send_text(page, "/start")
    await press(page, "🛍 Open the shop")
    from playwright.async_api import expect

    await expect(page.get_by_role("button", name="🔧 Admin Panel").last).to_be_visible()

    await page.get_by_role("button", name="👤 Customer").click()
    await expect_in_chat(page, "STEAM-AAAA-1111")


async def test_customer_pays_by_screenshot_and_the_admin_approves_it(page, sandbox):
    await order_a_steam_key(page)
    await press(page, "🏦 Bank transfer")
    await expect_in_chat(page, "send a screenshot of the payment here as a photo")
    await page.set_input_files("#file", files=[{"name": "receipt.png", "mimeType": "image/png",
                                               "buffer": RECEIPT_PNG}])
    await expect_in_chat(page, "Payment under review")

    await page.get_by_role("button", name="🛠 Admin").click()
    await send_text(page, "/start")
    for label in ("🛍 Open the shop", "🔧 Admin Panel", "📸 Proofs (1)"):
        await press(page, label)
    await page.get_by_role("button", name=re.compile(r"^🔎 #1 · \$9\.99")).last.click()
    await expect_in_chat(page, "Proof for order #1")
    await press(page, "✅ Approve")
    await press(page, "✅ Yes, payment received")

    await page.get_by_role("button", name="👤 Customer").click()
    await expect_in_chat(page, "STEAM-AAAA-1111")


async def test_bot_text_that_looks_like_script_stays_text(page, sandbox):
    await sandbox.live_bot.bot.send_message(
        CUSTOMER.user_id, "&lt;script&gt;window.hacked=1&lt;/script&gt;&lt;img src=x onerror=window.hacked=2&gt;")
    await expect_in_chat(page, "<script>window.hacked=1</script>")
    assert await page.evaluate("window.hacked") is None
    assert await page.locator("#chat img").count() == 0
