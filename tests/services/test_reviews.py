"""Reviews without Telegram: who may write one, the 1–5 rating and the text limit, one per
product per customer (a second submit edits it, a double tap changes nothing), what the card
counts, and what staff with the catalog role may do."""

import asyncio

import pytest

from nanostore.db.models import AuditEntry, Order, OrderLine, OutboxMessage, Review, User
from nanostore.db.models.enums import OrderStatus
from nanostore.domain.staff import Actor
from nanostore.services import reviews
from nanostore.services.errors import AccessDenied, InvalidRating, ReviewNotAllowed, ReviewTooLong
from tests.fixtures.catalog import a_product
from tests.fixtures.reviews import a_received_product, deliver_to

ANN, BOB = 10, 20
CATALOG_STAFF = Actor(id=30, roles=frozenset({"catalog"}))


@pytest.fixture
async def people(db):
    await User.create(id=ANN, first_name="Ann")
    await User.create(id=BOB, first_name="Bob")


async def test_double_submit_makes_one_review_and_tells_the_admins_once(people):
    product = await a_received_product(ANN)
    await asyncio.gather(*(reviews.submit(ANN, product.id, 5, "Great") for _ in range(3)))
    assert await Review.filter(product_id=product.id).count() == 1
    assert await OutboxMessage.filter(kind="new_review").count() == 1


@pytest.mark.one_backend
async def test_a_second_submit_edits_the_review(people):
    product = await a_received_product(ANN)
    first = await reviews.submit(ANN, product.id, 2, "  Slow  ")
    assert (first.rating, first.text) == (2, "Slow")
    edited = await reviews.submit(ANN, product.id, 4, "Fine after all")
    assert edited.id == first.id and await Review.all().count() == 1
    stored = await Review.get(id=first.id)
    assert (stored.rating, stored.text) == (4, "Fine after all")
    told = await OutboxMessage.filter(kind="new_review").order_by("id")
    assert [notice.payload["edited"] for notice in told] == [False, True]
    assert told[1].payload["rating"] == 4 and told[1].payload["product_name"] == "Game key"


@pytest.mark.one_backend
async def test_only_a_customer_who_received_it_may_review(people):
    product = await a_received_product(ANN)
    with pytest.raises(ReviewNotAllowed):
        await reviews.submit(BOB, product.id, 5)
    never_sold = await a_product("Other")
    with pytest.raises(ReviewNotAllowed):
        await reviews.submit(ANN, never_sold.id, 5)
    # Refunded after delivery: not received any more.
    line = await OrderLine.get(product_id=product.id)
    await Order.filter(id=line.order_id).update(status=OrderStatus.REFUNDED)
    with pytest.raises(ReviewNotAllowed):
        await reviews.submit(ANN, product.id, 5)
    assert await Review.all().count() == 0 and not await OutboxMessage.exists(kind="new_review")


@pytest.mark.one_backend
@pytest.mark.parametrize("rating", [0, 6, 7, -1, "5", 4.5, True, None])
async def test_a_rating_outside_one_to_five_is_refused(people, rating):
    product = await a_received_product(ANN)
    with pytest.raises(InvalidRating):
        await reviews.submit(ANN, product.id, rating)
    assert await Review.all().count() == 0


@pytest.mark.one_backend
async def test_a_text_over_the_limit_is_refused_with_its_length(people):
    product = await a_received_product(ANN)
    with pytest.raises(ReviewTooLong) as refused:
        await reviews.submit(ANN, product.id, 5, "x" * 5000)
    assert refused.value.params == {"length": 5000, "limit": reviews.TEXT_MAX}
    assert await Review.all().count() == 0
    kept = await reviews.submit(ANN, product.id, 5, "y" * reviews.TEXT_MAX)
    assert len(kept.text) == reviews.TEXT_MAX


@pytest.mark.one_backend
async def test_the_card_counts_visible_reviews_latest_first(people):
    product = await a_received_product(ANN)
    await deliver_to(BOB, product, "bob")
    assert await reviews.summary(product.id) == reviews.Summary(average=None, count=0)
    await reviews.submit(ANN, product.id, 5, "Great")
    bob = await reviews.submit(BOB, product.id, 2, "Meh")
    assert await reviews.summary(product.id) == reviews.Summary(average=3.5, count=2)
    page = await reviews.recent(product.id)
    assert [review.text for review in page.items] == ["Meh", "Great"]
    assert page.items[0].user.first_name == "Bob"
    assert await reviews.set_hidden(CATALOG_STAFF, bob.id, True)
    assert not await reviews.set_hidden(CATALOG_STAFF, bob.id, True)  # already hidden
    assert await reviews.summary(product.id) == reviews.Summary(average=5.0, count=1)
    assert [review.text for review in (await reviews.recent(product.id)).items] == ["Great"]
    assert (await reviews.all_reviews()).total == 2  # staff still see it
    assert await AuditEntry.filter(action="review.hide", target=str(bob.id)).count() == 1


@pytest.mark.one_backend
async def test_a_public_reply_is_kept_and_the_customer_told(people):
    product = await a_received_product(ANN)
    review = await reviews.submit(ANN, product.id, 3, "ok")
    answered = await reviews.reply(CATALOG_STAFF, review.id, "  Thanks, <b>Ann</b>  ")
    assert (await Review.get(id=review.id)).reply == answered.reply == "Thanks, <b>Ann</b>"
    notice = await OutboxMessage.get(kind="review_answered")
    assert notice.chat_id == ANN and notice.payload["reply"] == "Thanks, <b>Ann</b>"
    with pytest.raises(ReviewTooLong):
        await reviews.reply(CATALOG_STAFF, review.id, "z" * (reviews.REPLY_MAX + 1))


@pytest.mark.one_backend
async def test_moderation_needs_the_catalog_role(people):
    product = await a_received_product(ANN)
    review = await reviews.submit(ANN, product.id, 1, "bad")
    support = Actor(id=40, roles=frozenset({"support"}))
    with pytest.raises(AccessDenied):
        await reviews.set_hidden(support, review.id, True)
    with pytest.raises(AccessDenied):
        await reviews.reply(support, review.id, "no")
    stored = await Review.get(id=review.id)
    assert not stored.is_hidden and stored.reply == ""
    assert await reviews.set_hidden(Actor(id=1, is_owner=True), review.id, True)
