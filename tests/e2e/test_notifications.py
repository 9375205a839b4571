"""Every notification kind the code enqueues has a template in every language, and each renders
with its payload under StrictUndefined, within Telegram's length limits."""

import re
from pathlib import Path

import pytest

from nanostore.bot.notices import NOT_A_PHOTO, NoticeRenderer
from nanostore.config import PROJECT_ROOT
from nanostore.db.models import Ticket, User
from nanostore.services import tickets
from tests.e2e.shop import shop_bundle

LANGUAGES = ("en", "ru")
SOURCES = [PROJECT_ROOT / "nanostore" / "services", PROJECT_ROOT / "nanostore" / "bot"]
CALL = re.compile(r"\b(?:notify_user|notify_admins|post_to_channel)\(([^\n]*)")
# A kind named as a plain string: not a keyword argument's value (`by="admin"`).
KIND = re.compile(r"""(?<![=\w])["']([a-z][a-z0-9_]*)["']""")
KIND_VARIABLE = re.compile(r"\bkind\s*=\s*([^\n]*)")

LONG = "x" * 4000
ITEMS = [
    {"line_id": 1, "product_name": "Game key", "kind": "text", "content": "AAAA-BBBB-CCCC",
     "file_name": None, "protect_content": False},
    {"line_id": 2, "product_name": "E-book", "kind": "file", "content": "file-id-42",
     "file_name": "book.pdf", "protect_content": True},
]
PAYLOADS = {
    "account_banned": {},
    "account_unbanned": {},
    "order_status": {"order_id": 5, "status": "cancelled", "by": "admin"},
    "new_topup": {"topup_id": 3, "user_id": 1001, "amount": 2500, "method": "Bank transfer " * 5,
                  "file_id": "photo-1"},
    "topup_approved": {"topup_id": 3, "amount": 2500, "bonus": 250, "balance": 4000},
    "topup_rejected": {"topup_id": 3, "amount": 2500, "note": "Blurry <photo>"},
    "wallet_adjusted": {"delta": -500, "balance": 1000, "note": "Correction"},
    "referral_joined": {"referred_id": 1002},
    "referral_rewarded": {"referred_id": 1002, "amount": 300, "balance": 800},
    "new_order": {"order_id": 5, "user_id": 1001, "amount": 1999, "currency": "USD"},
    "order_paid": {"order_id": 5, "user_id": 1001, "amount": 1999, "currency": "USD", "via": "stars"},
    "payment_approved": {"order_id": 5, "amount": 1999, "currency": "USD", "via": "proof"},
    "payment_rejected": {"order_id": 5, "proof_id": 2, "reason": "Wrong amount"},
    "new_proof": {"proof_id": 2, "order_id": 5, "user_id": 1001, "amount": 1999, "currency": "USD",
                  "file_id": "photo-2"},
    "proof_approved": {"proof_id": 2, "order_id": 5, "file_id": "photo-2", "amount": 1999,
                       "currency": "USD"},
    "new_ticket": {"ticket_id": 7, "user_id": 1001, "subject": "s" * 128, "text": LONG},
    "ticket_reply": {"ticket_id": 7, "user_id": 1001, "subject": "s" * 128, "text": LONG},
    "ticket_answered": {"ticket_id": 7, "subject": "s" * 128, "text": LONG},
    "ticket_closed": {"ticket_id": 7, "subject": "Key"},
    "ticket_reopened": {"ticket_id": 7, "subject": "Key"},
    "broadcast_finished": {"broadcast_id": 1, "total": 10, "delivered": 8, "failed": 1, "blocked": 1},
    "broadcast_cancelled": {"broadcast_id": 1, "total": 10, "delivered": 3, "failed": 0, "blocked": 0},
    "delivery_pool_empty": {"order_id": 5, "user_id": 1001, "product_id": 9,
                            "product_name": "Game key", "missing": 2},
    "low_stock": {"product_id": 9, "product_name": "Game key", "left": 2, "threshold": 3},
    "back_in_stock": {"product_id": 9, "product_name": "Game <key>"},
    "new_review": {"review_id": 4, "product_id": 9, "product_name": "Game key", "rating": 4,
                   "text": "<b>not bold</b> " + "x" * 1000, "customer": "Ann", "edited": True},
    "review_answered": {"product_id": 9, "product_name": "Game key", "reply": "y" * 1000},
    "order_delivered": {"order_id": 5, "items": ITEMS},
    "stars_orphan": {"charge_id": "ch_1", "user_id": 1001, "amount": 50, "payload": "order:99"},
    "stars_duplicate": {"charge_id": "ch_2", "order_id": 5, "user_id": 1001, "amount": 50,
                        "expired": True},
    "card_duplicate": {"charge_id": "ch_3", "order_id": 5, "user_id": 1001, "paid": "12.50 USD",
                       "payload": "card:order:5"},
    "card_orphan": {"charge_id": "ch_4", "user_id": 1001, "paid": "12.50 USD", "payload": "card:topup:1"},
    "crypto_duplicate": {"invoice_id": 77, "user_id": 1001, "order_id": 5, "paid": "2.5 TON",
                         "asked": "12.50 USD", "reported": "12.5 USD"},
    "crypto_mismatch": {"invoice_id": 78, "user_id": 1001, "order_id": None, "paid": "1 USDT",
                        "asked": "10.00 USD", "reported": "1.00 USD"},
    "crypto_unknown": {"invoice_id": 79, "paid": "5 USDT", "payload": "<order:1>" + "p" * 120},
    "order_hold_reminder": {"order_id": 5, "amount": 1999, "minutes": 5},
    "subscription_key": {"product_name": "Key <club>", "items": ITEMS},
    "subscription_key_owed": {"product_name": "Key club"},
    "subscription_invite": {"product_name": "VIP club", "invite_link": "https://t.me/+abc",
                            "expires_at": "2026-01-31T00:00:00+00:00"},
    "subscription_lapsed": {"product_name": "VIP club", "product_id": 9},
    "subscription_unknown": {"charge_id": "stx_1", "user_id": 1001, "amount": 50,
                             "payload": "sub:9:" + "p" * 120},
    "subscription_refunded": {"charge_id": "stx_2", "user_id": 1001, "amount": 50,
                              "subscription_id": 3, "cancelled": True},
    "subscription_access_kept": {"subscription_id": 3, "user_id": 1001, "chat_id": -100123},
    "subscription_pool_empty": {"product_id": 9, "product_name": "Key club", "user_id": 1001,
                                "subscription_id": 3},
    "force_join_unchecked": {"channel": "News", "chat_id": -100123,
                             "reason": "Bad Request: member list is inaccessible"},
    "invalid_image_cleared": {"file_id": "bad-file", "places": ["screen:welcome", "product:5"],
                              "reason": "wrong file identifier"},
    "critical_error": {"error": "KeyError", "where": "nanostore/actions/cart.py:12", "update_id": 77},
    "alert_closed": {"subject": "proof", "subject_id": 2, "outcome": "rejected", "by": "@alex",
                     "reason": "Blurry <photo> " * 100},
}


def enqueued_kinds() -> set[str]:
    kinds = set()
    for folder in SOURCES:
        for path in folder.rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            for arguments in CALL.findall(source):
                kinds.update(KIND.findall(arguments))
                if re.search(r"\bkind\b(?!=)", arguments):  # chosen earlier: `kind = "a" if x else "b"`
                    for value in KIND_VARIABLE.findall(source):
                        kinds.update(KIND.findall(value))
    return kinds


def template_kinds(language: str) -> set[str]:
    folder = PROJECT_ROOT / "nanostore" / "content" / "locales" / language / "notifications"
    return {path.stem for path in folder.glob("*.j2")}


def test_every_enqueued_kind_has_a_template_in_every_language():
    kinds = enqueued_kinds()
    assert {"ticket_closed", "ticket_reopened", "account_banned", "broadcast_cancelled",
            "force_join_unchecked"} <= kinds  # the scan sees kinds chosen at run time too
    for language in LANGUAGES:
        assert kinds - template_kinds(language) == set(), language


def test_every_template_has_a_sample_payload_and_both_languages_match():
    assert template_kinds("en") == template_kinds("ru")
    assert template_kinds("en") - PAYLOADS.keys() == set()


@pytest.fixture
async def renderer(db):
    await User.create(id=1, first_name="Ann", telegram_language="en")
    await User.create(id=2, first_name="Иван", telegram_language="ru")
    return NoticeRenderer(shop_bundle(), "en")


@pytest.mark.parametrize("kind", sorted(PAYLOADS))
async def test_template_renders_within_telegram_limits(renderer, kind):
    payload = PAYLOADS[kind]
    for chat_id in (1, 2):  # en, ru
        notice = await renderer(kind, payload, chat_id)
        assert notice.text.strip()
        if notice.photo:
            assert len(notice.text) <= 1024, (kind, chat_id)
        else:
            assert len(notice.text) <= 4096, (kind, chat_id)


async def test_russian_speakers_get_russian_notices(renderer):
    notice = await renderer("ticket_closed", PAYLOADS["ticket_closed"], 2)
    assert "закрыто" in notice.text


async def test_delivered_keys_are_in_the_text_and_files_follow_as_documents(renderer):
    notice = await renderer("order_delivered", PAYLOADS["order_delivered"], 1)
    assert "<code>AAAA-BBBB-CCCC</code>" in notice.text and "book.pdf" in notice.text
    assert "file-id-42" not in notice.text
    assert notice.documents == ("file-id-42",) and notice.protect_content


async def test_user_text_is_escaped_and_photos_go_with_their_captions(renderer):
    rejected = await renderer("topup_rejected", PAYLOADS["topup_rejected"], 1)
    assert "Blurry &lt;photo&gt;" in rejected.text
    proof = await renderer("new_proof", PAYLOADS["new_proof"], 1)
    assert proof.photo == "photo-2"
    for kind in NOT_A_PHOTO:
        assert (await renderer(kind, PAYLOADS[kind], 1)).photo is None


async def test_admin_reply_reaches_the_customer(shop):
    ann = shop.person(1001, "Ann")
    await ann.command("start")
    await tickets.open_ticket(1001, "Key does not work", "It says invalid.")
    ticket = await Ticket.get(user_id=1001)
    await tickets.reply(ticket.id, 9000, "Try <this> key: ABC-123", is_admin=True)
    await shop.flush()
    text = ann.messages[-1].text
    assert "Support answered your ticket" in text and f"#{ticket.id}" in text
    assert "Try <this> key: ABC-123" in text
    await tickets.close(ticket.id, 9000, is_admin=True)
    await shop.flush()
    assert "was closed" in ann.messages[-1].text


async def test_a_notice_without_a_template_is_skipped_not_stuck(shop):
    from nanostore.services.outbox import notify_user
    ann = shop.person(1001, "Ann")
    await ann.command("start")
    await notify_user(1001, "no_such_kind_yet")
    await notify_user(1001, "account_unbanned")
    await shop.flush()
    assert "access to the shop has been restored" in ann.messages[-1].text


def test_delivered_items_stand_one_per_line():
    from tests.e2e.shop import shop_bundle

    template = shop_bundle().texts.file("en", "notifications/order_delivered")
    text = template.render(order_id=5, items=[
        {"product_name": "A", "kind": "text", "content": "K1", "file_name": None},
        {"product_name": "B", "kind": "text", "content": "K2", "file_name": None}])
    assert "▫️ A: <code>K1</code>\n▫️ B: <code>K2</code>\n" in text
