"""The daily reward: claim once per 24 hours, the wait shown, switched off at 0."""

import copy
from datetime import timedelta

from tortoise.timezone import now as utc_now

from nanostore.db.models import LedgerEntry, User
from nanostore.services import settings


async def open_rewards(person):
    await person.command("start")
    await person.tap("🛍 Open the shop")
    await person.tap("🎁 Daily reward")


async def test_claim_credits_once_and_shows_the_wait(shop):
    await settings.update("daily_reward", 150)
    ann = shop.person(1001, "Ann")
    await open_rewards(ann)
    assert "$1.50" in ann.screen.text and "ready" in ann.screen.text
    before_claim = copy.deepcopy(ann.screen.message)
    await ann.tap("🎁 Claim $1.50")
    assert "+$1.50" in ann.screen.text and "Next reward in" in ann.screen.text
    assert "23 h 60 min" not in ann.screen.text and "24 h 0 min" in ann.screen.text
    assert "🎁 Claim $1.50" not in ann.screen.labels
    await ann.tap("🎁 Claim $1.50", message=before_claim)  # a second tap on the old keyboard
    user = await User.get(id=1001)
    assert user.balance == 150
    assert await LedgerEntry.filter(user_id=1001).count() == 1


async def test_claim_is_available_again_after_24_hours(shop):
    await settings.update("daily_reward", 100)
    ann = shop.person(1001, "Ann")
    await open_rewards(ann)
    await ann.tap("🎁 Claim $1.00")
    await User.filter(id=1001).update(last_reward_at=utc_now() - timedelta(hours=23, minutes=30))
    await ann.tap("🏠 Home")
    await ann.tap("🎁 Daily reward")
    assert "Next reward in" in ann.screen.text and "0 h 30 min" in ann.screen.text
    await User.filter(id=1001).update(last_reward_at=utc_now() - timedelta(hours=25))
    await ann.tap("🏠 Home")
    await ann.tap("🎁 Daily reward")
    await ann.tap("🎁 Claim $1.00")
    assert (await User.get(id=1001)).balance == 200


async def test_switched_off_reward_says_so_and_has_no_button(shop):
    ann = shop.person(1001, "Ann")
    await open_rewards(ann)
    assert "switched off" in ann.screen.text
    assert not any("Claim" in label for label in ann.screen.labels)
    assert "🏠 Home" in ann.screen.labels
    assert (await User.get(id=1001)).balance == 0


async def test_russian_reward_screen(shop):
    await settings.update("daily_reward", 100)
    ivan = shop.person(1002, "Иван", language_code="ru")
    await ivan.command("start")
    await ivan.tap("🛍 Открыть магазин")
    await ivan.tap("🎁 Ежедневный бонус")
    await ivan.tap("🎁 Забрать $1.00")
    assert "зачислено" in ivan.screen.text
