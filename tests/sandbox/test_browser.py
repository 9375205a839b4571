"""The sandbox page in a real headless Chromium (Debian's `chromium` driven by Playwright):
a customer buys a key with Stars, the admin persona sees the paid order, the key arrives."""

from __future__ import annotations

import re

from nanostore.sandbox.banners import banner_png
from nanostore.sandbox.personas import CUSTOMER
from tests.fixtures.browser import (
    expect_in_chat,
    press,
    pytestmark,  # noqa: F401  (the browser marks)
    send_text,
)

RECEIPT_PNG = banner_png("Receipt", "#444444")


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
        CUSTOMER.user_id,
        "&lt;script&gt;window.hacked=1&lt;/script&gt;&lt;img src=x onerror=window.hacked=2&gt;")
    await expect_in_chat(page, "<script>window.hacked=1</script>")
    assert await page.evaluate("window.hacked") is None
    assert await page.locator("#chat img").count() == 0
