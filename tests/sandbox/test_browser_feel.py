"""The sandbox page feels like Telegram (issue 20), measured in a real headless Chromium: a
Start button on an empty chat, the view following the newest message (photos that load late
included, unless the person scrolled up), photos at most 320 px high, inline keyboards as wide
as their message with one-line labels, and a HH:MM time on every message.

Layout is read from bounding boxes; every wait is on a condition in the page (the timeout only
bounds a failing run)."""

from __future__ import annotations

import re
import struct
import time
import zlib

import pytest
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup
from aiohttp.test_utils import TestServer

from nanostore.sandbox.personas import CUSTOMER
from nanostore.sandbox.web import build_app
from tests.fixtures.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    WAIT_MS,
    expect_in_chat,
    press,
    pytestmark,  # noqa: F401  (the browser marks)
    send_text,
)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 780}
PHOTO_MAX_HEIGHT = 320
WELCOME = "Welcome to NanoStore Demo, Ann!"
LONG_LABEL = "A label far too long to fit on one line of any phone or desktop chat at all, surely"
PX = 2  # rounding of fractional layout


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A flat-colour PNG of any shape (the demo's banners are all 640x240)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    row = b"\0" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


@pytest.fixture
async def open_page(sandbox):
    """Opens the page at a viewport size, in UTC (so a time can be checked against the date)."""
    from playwright.async_api import async_playwright

    server = TestServer(build_app(sandbox), host="127.0.0.1")
    await server.start_server()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        async def opened(viewport: dict):
            context = await browser.new_context(viewport=viewport, timezone_id="UTC")
            tab = await context.new_page()
            tab.set_default_timeout(WAIT_MS)
            await tab.goto(str(server.make_url("/")))
            return tab

        yield opened
        await browser.close()
    await server.close()


async def start(page) -> None:
    from playwright.async_api import expect

    await expect(page.locator("#start")).to_be_visible()
    await page.locator("#start").click()
    await expect_in_chat(page, WELCOME)


async def box(locator) -> dict:
    found = await locator.bounding_box()
    assert found is not None, f"{locator} is not shown"
    return found


async def wait_until_newest_is_in_view(page) -> None:
    """All photos loaded and the last message's bottom inside the scroll container's view."""
    await page.wait_for_function("""() => {
        const images = [...document.querySelectorAll('#chat img')];
        if (!images.every((image) => image.complete && image.naturalHeight > 0)) return false;
        const view = document.getElementById('scroller').getBoundingClientRect();
        const last = document.querySelector('#chat > li:last-child').getBoundingClientRect();
        return last.bottom <= view.bottom + 1 && last.bottom >= view.top;
    }""")


async def test_start_button_on_an_empty_chat_sends_start_and_goes_away(open_page):
    from playwright.async_api import expect

    page = await open_page(DESKTOP)
    await expect(page.get_by_role("button", name=re.compile("^start$", re.I))).to_be_visible()
    await expect(page.locator("#chat > li")).to_have_count(0)
    await start(page)
    await expect(page.locator("#start")).to_be_hidden()
    await expect(page.locator("#chat > li").first.locator(".body")).to_contain_text("/start")

    await page.get_by_role("button", name="🛠 Admin").click()  # the admin's chat is empty too
    await expect(page.locator("#start")).to_be_visible()
    await page.get_by_role("button", name="👤 Customer").click()
    await expect(page.locator("#start")).to_be_hidden()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
async def test_keyboards_are_as_wide_as_their_message_with_one_line_labels(open_page, sandbox, viewport):
    page = await open_page(viewport)
    await start(page)
    await press(page, "🛍 Open the shop")
    await expect_in_chat(page, "Choose a section")
    hub = page.locator("#chat > li").last
    bubble, keyboard = await box(hub.locator(".bubble")), await box(hub.locator(".keyboard"))
    assert abs(bubble["width"] - keyboard["width"]) <= PX and abs(bubble["x"] - keyboard["x"]) <= PX
    assert keyboard["y"] >= bubble["y"] + bubble["height"]  # under the bubble, as in Telegram

    one_line = await box(hub.get_by_role("button", name=re.compile(r"Cart$")))
    for two_words in ("Daily reward", "Invite friends", "My profile"):  # two to a row
        button = hub.get_by_role("button", name=re.compile(f"{two_words}$"))
        assert abs((await box(button))["height"] - one_line["height"]) <= 1, two_words
        assert not await button.evaluate("b => b.scrollWidth > b.clientWidth"), f"{two_words} is cut"

    keyboard = InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=LONG_LABEL, callback_data="x")],
        [InlineKeyboardButton(text="Left half", callback_data="l"),
         InlineKeyboardButton(text="Right half", callback_data="r")]])
    await sandbox.live_bot.bot.send_message(CUSTOMER.user_id, "Long labels", reply_markup=keyboard)
    await expect_in_chat(page, "Long labels")
    latest = page.locator("#chat > li").last
    long_button = latest.get_by_role("button", name=LONG_LABEL)
    assert abs((await box(long_button))["height"] - one_line["height"]) <= 1
    assert await long_button.evaluate("b => b.scrollWidth > b.clientWidth")  # cut with an ellipsis
    assert await long_button.evaluate("b => getComputedStyle(b).textOverflow") == "ellipsis"
    bubble, keyboard = await box(latest.locator(".bubble")), await box(latest.locator(".keyboard"))
    assert abs(bubble["width"] - keyboard["width"]) <= PX
    column = await box(page.locator("#chat"))
    assert bubble["width"] <= column["width"] * 0.85 + PX  # capped: the label did not stretch it
    left, right = [await box(latest.get_by_role("button", name=n)) for n in ("Left half", "Right half")]
    assert abs(left["width"] - right["width"]) <= PX  # a row's buttons share its width equally


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
async def test_the_chat_follows_the_newest_message_photos_included(open_page, sandbox, viewport):
    page = await open_page(viewport)
    await start(page)
    for label in ("🛍 Open the shop", "🛍 Shop", "🎮 Games (2)"):
        await press(page, label)
    await expect_in_chat(page, "2 products")
    await wait_until_newest_is_in_view(page)
    banner = await box(page.locator("#chat img").last)
    assert banner["height"] <= PHOTO_MAX_HEIGHT

    # A tall photo, 320 px high once loaded: the view must follow it down after it loads.
    tall = BufferedInputFile(png(300, 1200, (200, 60, 60)), "tall.png")
    for number in range(3):
        await sandbox.live_bot.bot.send_photo(CUSTOMER.user_id, tall, caption=f"Tall photo {number}")
    await expect_in_chat(page, "Tall photo 2")
    await wait_until_newest_is_in_view(page)
    photo = await box(page.locator("#chat img").last)
    assert photo["height"] <= PHOTO_MAX_HEIGHT + 0.5
    assert abs(photo["width"] / photo["height"] - 300 / 1200) < 0.02  # its shape kept

    # Scrolled up on purpose: new messages, photos included, leave the view where it is...
    scroller = page.locator("#scroller")
    await scroller.evaluate("s => s.scrollTo(0, 0)")
    await page.wait_for_function("() => document.getElementById('scroller').scrollTop === 0")
    await sandbox.live_bot.bot.send_photo(CUSTOMER.user_id, tall, caption="While you read")
    await expect_in_chat(page, "While you read")
    await page.wait_for_function("() => [...document.querySelectorAll('#chat img')].every(i => i.complete)")
    assert await scroller.evaluate("s => s.scrollTop") == 0
    # ...until the person acts in the chat again.
    await send_text(page, "/start")
    await expect_in_chat(page, WELCOME)
    await wait_until_newest_is_in_view(page)


async def test_every_message_shows_its_time_and_the_version_tag_stays(open_page, sandbox):
    from playwright.async_api import expect

    page = await open_page(PHONE)
    await start(page)
    await press(page, "🛍 Open the shop")
    await expect_in_chat(page, "Choose a section")
    stored = [m for m in sandbox.emulator.state.messages_in(CUSTOMER.user_id) if not m.deleted]
    items = page.locator("#chat > li")
    await expect(items).to_have_count(len(stored))
    for index, message in enumerate(stored):
        item = items.nth(index)
        shown = await item.locator(".time").text_content()
        assert re.fullmatch(r"\d\d:\d\d", shown)
        assert shown == time.strftime("%H:%M", time.gmtime(message.date))  # the page is in UTC
        time_box, bubble = await box(item.locator(".time")), await box(item.locator(".bubble"))
        # bottom right of the bubble
        assert bubble["x"] + bubble["width"] - time_box["x"] - time_box["width"] < 16
        assert bubble["y"] + bubble["height"] - time_box["y"] - time_box["height"] < 12
    hub = items.last
    await expect(hub.locator(".version")).to_have_text(re.compile(r"^v\d+$"))
    await expect(hub.locator(".edited")).to_be_visible()
