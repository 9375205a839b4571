"""Referrals: the personal link, attaching on a new user's /start, one reward for a first paid order."""

from nanostore.db.models import OutboxMessage, Referral, User
from nanostore.services import cart, categories, checkout, orders, products, settings


async def paid_order(user_id: int, token: str) -> int:
    category = await categories.create(f"Games {token}")
    product = await products.create(category.id, f"Key {token}", 500)
    await cart.add(user_id, product.id, 1)
    order = await checkout.place_order(user_id, token)
    assert await orders.mark_paid(order.id, via="admin")
    return order.id


async def test_referrals_screen_shows_the_link_and_stats(shop):
    await settings.update("referral_reward", 300)
    ann = shop.person(1001, "Ann")
    await ann.command("start")
    await ann.tap("🛍 Open the shop")
    await ann.tap("👥 Invite friends")
    me = await shop.shop.bot.me()
    assert f"https://t.me/{me.username}?start=ref1001" in ann.screen.text
    assert "Invited: 0" in ann.screen.text and "Earned: $0.00" in ann.screen.text
    assert "📤 Share my link" in ann.screen.labels
    await ann.tap("❓ How it works")
    assert "$3.00" in ann.screen.text
    await ann.tap("⬅️ Back")
    assert "Invited: 0" in ann.screen.text


async def test_invited_friend_is_attached_and_first_paid_order_rewards_once(shop):
    await settings.update("referral_reward", 300)
    ann, bob = shop.person(1001, "Ann"), shop.person(1002, "Bob")
    await ann.command("start")
    await bob.command("start", payload="ref1001")
    assert "Welcome to NanoStore, Bob!" in bob.screen.text
    assert (await User.get(id=1002)).referrer_id == 1001
    await shop.flush()
    assert "joined the shop with your invite link" in ann.messages[-1].text
    await paid_order(1002, "first")
    await paid_order(1002, "second")
    await shop.flush()
    assert (await User.get(id=1001)).balance == 300
    assert await OutboxMessage.filter(kind="referral_rewarded").count() == 1
    assert "+$3.00" in ann.messages[-1].text
    await ann.command("start")
    await ann.tap("🛍 Open the shop")
    await ann.tap("👥 Invite friends")
    text = ann.screen.text
    assert "Invited: 1" in text and "first purchase: 1" in text and "Earned: $3.00" in text


async def test_own_link_and_old_customers_are_ignored(shop):
    ann, bob = shop.person(1001, "Ann"), shop.person(1002, "Bob")
    await ann.command("start", payload="ref1001")
    assert "Welcome to NanoStore, Ann!" in ann.screen.text
    assert (await User.get(id=1001)).referrer_id is None
    await bob.command("start")
    await bob.command("start", payload="ref1001")  # Bob was already a customer
    await ann.command("start", payload="ref999999")  # nobody
    assert (await User.get(id=1002)).referrer_id is None
    assert await Referral.all().count() == 0
    assert not any("wrong" in message.text for message in ann.messages if message.text)
    assert await OutboxMessage.filter(kind="critical_error").count() == 0
