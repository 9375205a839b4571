"""Reviews through the chat: a customer who received a product rates it and writes a text
(shown as plain text), edits it later; the card shows the average and the count; a double tap
on Submit, a forged rating of 0 or 7, a 5,000-character text and a customer who never received
the product each get a clear answer and change nothing; staff hide a review and answer it."""

import pytest

from nanostore.db.models import OutboxMessage, Review
from tests.fixtures.admin import open_admin_section, snapshot
from tests.fixtures.catalog import a_product
from tests.fixtures.people import customer, labels, open_shop, received, window_text
from tests.fixtures.purchases import pay_with_wallet, send_everything_due, tap_starting
from tests.fixtures.reviews import forged_item

pytestmark = pytest.mark.one_backend

SUBMIT = "✅ Submit review"


async def bought_and_opened_reviews(shop, user_id=1001, name="Ann"):
    product = await a_product("Game key", keys=["KEY-1", "KEY-2"])
    await shop.admin.command("start")  # so the admins' notices have a chat to go to
    person = await customer(shop, user_id, name, balance=5000)
    await pay_with_wallet(shop, person, product)
    await send_everything_due(shop)
    await open_card(person)
    await tap_starting(person, "⭐ Reviews")
    return person, product


async def open_card(person):
    await open_shop(person)
    await tap_starting(person, "Games")
    await tap_starting(person, "Game key")


async def test_write_edit_and_see_it_on_the_card(shop):
    ann, product = await bought_and_opened_reviews(shop)
    assert "Reviews of Game key" in window_text(ann) and "No reviews yet." in window_text(ann)
    await ann.tap("✍️ Write a review")
    assert "Tap the stars" in window_text(ann) and SUBMIT not in labels(ann)
    await ann.tap("4⭐")
    await ann.send("<b>Works</b> & fast")
    assert "Your rating: ★★★★☆" in window_text(ann)
    await ann.tap(SUBMIT)
    text = window_text(ann)
    assert "Thank you! Your review is published." in text
    assert "Average 4.0 ★ from 1 review" in text
    assert "★★★★☆ Ann" in text and "<b>Works</b> & fast" in text  # plain text, as typed
    await shop.flush()
    assert "New review" in received(shop.admin) and "<b>Works</b> & fast" in received(shop.admin)
    await ann.tap("✏️ Edit my review")
    assert "Your rating: ★★★★☆" in window_text(ann)  # starts from what was written
    await ann.tap("5⭐")
    await ann.tap(SUBMIT)
    assert "★★★★★ Ann" in window_text(ann) and "from 1 review" in window_text(ann)
    await ann.tap("⬅️ Back")
    assert "Average 5.0 ★ from 1 review" in window_text(ann)
    assert "⭐ Reviews (1)" in labels(ann)
    assert await Review.filter(product_id=product.id).count() == 1


async def test_bad_input_gets_a_clear_answer_and_counts_nothing(shop):
    ann, product = await bought_and_opened_reviews(shop)
    await ann.tap("✍️ Write a review")
    for rating in (0, 7):
        await ann.send_callback(forged_item(ann, "5⭐", rating), snapshot(ann))
        assert "A rating is from 1 to 5 stars." in window_text(ann)
        assert SUBMIT not in labels(ann)
    await ann.send("x" * 5000)
    assert "Your review is 5000 characters long; please keep it to 1000." in window_text(ann)
    assert "xxxxx" not in window_text(ann)
    await ann.tap("3⭐")
    before = snapshot(ann)
    await ann.tap(SUBMIT)
    await ann.tap(SUBMIT, before)  # the same button again, as a double tap does
    await shop.flush()
    assert await Review.filter(product_id=product.id).count() == 1
    assert await OutboxMessage.filter(kind="new_review").count() == 1
    assert (await Review.get(product_id=product.id)).text == ""


async def test_who_never_received_it_cannot_write_one(shop):
    await bought_and_opened_reviews(shop)
    bob = await customer(shop, 1002, "Bob")
    await open_card(bob)
    await tap_starting(bob, "⭐ Reviews")
    assert "No reviews yet." in window_text(bob)
    assert not any("review" in label.lower() for label in labels(bob))


async def test_staff_hide_a_review_and_answer_it_publicly(shop):
    ann, _ = await bought_and_opened_reviews(shop)
    await ann.tap("✍️ Write a review")
    await ann.tap("1⭐")
    await ann.send("Never arrived <script>")
    await ann.tap(SUBMIT)
    admin = await open_admin_section(shop, "⭐ Reviews")
    await tap_starting(admin, "★☆☆☆☆ Game key · Ann")
    assert "Never arrived <script>" in window_text(admin)
    await admin.tap("💬 Reply publicly")
    await admin.send("Sorry, <Ann>: resent")
    assert "Answer published." in window_text(admin)
    await shop.flush()
    assert "The shop answered your review of Game key" in received(ann)
    await ann.tap("⬅️ Back")
    await tap_starting(ann, "⭐ Reviews")
    assert "The shop: Sorry, <Ann>: resent" in window_text(ann)
    await admin.tap("🙈 Hide from the product card")
    assert "Hidden" in window_text(admin)
    await ann.tap("⬅️ Back")
    await tap_starting(ann, "⭐ Reviews")
    assert "No reviews yet." in window_text(ann) and "Never arrived" not in window_text(ann)
