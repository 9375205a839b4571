"""Stars subscriptions and private-chat access, as the Bot API documents them: a link made with
subscription_period (30 days, XTR only) starts a subscription when paid; each renewal is a new
charge sent as a recurring successful_payment; editUserStarSubscription cancels and re-enables;
createChatInviteLink, banChatMember and unbanChatMember manage who is in a private channel."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import LabeledPrice

from nanostore.emulator.checkout import record_charge
from nanostore.emulator.invite_links import CannotJoin, join
from nanostore.emulator.subscriptions import SubscriptionCanceled

MONTH = 2592000


async def subscription_link(bot, amount=50, **extra):
    return await bot.create_invoice_link("Club", "Monthly", "sub:1", "XTR",
                                         [LabeledPrice(label="Club", amount=amount)],
                                         **({"subscription_period": MONTH} | extra))


def pay(emulator, person, link):
    return record_charge(emulator.core, person.user, emulator.state.invoice_links[link])


async def test_only_a_thirty_day_period_in_stars(bot):
    for wrong in ({"subscription_period": 86400}, {"subscription_period": MONTH * 2}):
        with pytest.raises(TelegramBadRequest, match="SUBSCRIPTION_PERIOD_INVALID"):
            await subscription_link(bot, **wrong)
    with pytest.raises(TelegramBadRequest, match="SUBSCRIPTION_PERIOD_INVALID"):
        await bot.create_invoice_link("Club", "d", "sub:1", "USD", [LabeledPrice(label="x", amount=500)],
                                      provider_token="tok", subscription_period=MONTH)
    with pytest.raises(TelegramBadRequest, match="SUBSCRIPTION_PRICE_INVALID"):
        await subscription_link(bot, amount=10001)


async def test_first_payment_and_renewals(emulator, bot):
    ann = emulator.person(1, "Ann")
    first = pay(emulator, ann, await subscription_link(bot))
    paid = first.successful_payment()
    assert paid["is_recurring"] is True and paid["is_first_recurring"] is True
    start = paid["subscription_expiration_date"]
    assert start - emulator.state.now() in range(MONTH - 5, MONTH + 1)
    second = await emulator.renew_subscription(first.charge_id, deliver=False)
    renewed = second.successful_payment()
    assert renewed["is_recurring"] is True and "is_first_recurring" not in renewed
    assert renewed["subscription_expiration_date"] == start + MONTH
    assert second.charge_id != first.charge_id and renewed["invoice_payload"] == "sub:1"
    lines = (await bot.get_star_transactions()).transactions
    assert [line.id for line in lines] == [first.charge_id, second.charge_id]
    assert {line.source.subscription_period for line in lines} == {MONTH}


async def test_cancelled_by_the_bot_is_not_renewed_until_re_enabled(emulator, bot):
    ann = emulator.person(1, "Ann")
    first = pay(emulator, ann, await subscription_link(bot))
    with pytest.raises(TelegramBadRequest, match="SUBSCRIPTION_NOT_CANCELED"):
        await bot.edit_user_star_subscription(ann.id, first.charge_id, False)
    assert await bot.edit_user_star_subscription(ann.id, first.charge_id, True)
    with pytest.raises(SubscriptionCanceled):
        await emulator.renew_subscription(first.charge_id, deliver=False)
    assert await bot.edit_user_star_subscription(ann.id, first.charge_id, False)
    await emulator.renew_subscription(first.charge_id, deliver=False)
    with pytest.raises(TelegramBadRequest, match="CHARGE_ID_INVALID"):
        await bot.edit_user_star_subscription(2, first.charge_id, True)


async def test_cancelled_by_the_user_stays_theirs(emulator, bot):
    ann = emulator.person(1, "Ann")
    first = pay(emulator, ann, await subscription_link(bot))
    ann.cancel_subscription(first.charge_id)
    with pytest.raises(TelegramBadRequest, match="SUBSCRIPTION_NOT_CANCELED"):
        await bot.edit_user_star_subscription(ann.id, first.charge_id, False)
    with pytest.raises(SubscriptionCanceled):
        await emulator.renew_subscription(first.charge_id, deliver=False)
    ann.resume_subscription(first.charge_id)
    await emulator.renew_subscription(first.charge_id, deliver=False)


async def test_a_one_person_invite_link_then_ban_and_unban(emulator, bot):
    club = emulator.channel(-100777, title="Club")
    ann, bob = emulator.person(1, "Ann"), emulator.person(2, "Bob")
    link = await bot.create_chat_invite_link(club.id, name="sub 1", member_limit=1,
                                             expire_date=emulator.state.now() + 3600)
    assert link.member_limit == 1 and link.name == "sub 1" and link.invite_link.startswith("https://t.me/+")
    await ann.join_by_link(link.invite_link)
    assert club.member_status(ann.id) == "member"
    with pytest.raises(CannotJoin, match="member limit"):
        await bob.join_by_link(link.invite_link)
    await bot.ban_chat_member(club.id, ann.id)
    assert club.member_status(ann.id) == "kicked"
    await bot.unban_chat_member(club.id, ann.id, only_if_banned=True)
    assert club.member_status(ann.id) == "left"
    bob.join(club.id)
    await bot.unban_chat_member(club.id, bob.id, only_if_banned=True)
    assert club.member_status(bob.id) == "member"  # only_if_banned leaves a member alone


async def test_links_need_admin_rights_and_expire(emulator, bot):
    emulator.channel(-100778, title="Not ours", bot_is_admin=False)
    with pytest.raises(TelegramBadRequest, match="not enough rights"):
        await bot.create_chat_invite_link(-100778, member_limit=1)
    club = emulator.channel(-100779, title="Club")
    old = await bot.create_chat_invite_link(club.id, expire_date=emulator.state.now() - 1)
    with pytest.raises(CannotJoin, match="EXPIRED"):
        await emulator.person(1, "Ann").join_by_link(old.invite_link)


async def test_a_link_asking_for_approval_lets_in_only_whom_the_bot_approves(emulator, bot):
    club = emulator.channel(-100780, title="Club")
    ann, eve = emulator.person(1, "Ann"), emulator.person(2, "Eve")
    with pytest.raises(TelegramBadRequest, match="member limit"):
        await bot.create_chat_invite_link(club.id, member_limit=1, creates_join_request=True)
    link = await bot.create_chat_invite_link(club.id, creates_join_request=True)
    assert link.creates_join_request
    for person in (ann, eve):  # no bot runs here to take the update: asked straight
        join(emulator.core, person.id, link.invite_link)
    asks = [u.to_api()["chat_join_request"] for u in emulator.core.queue.available(0, 100)]
    assert [(a["from"]["id"], a["invite_link"]["invite_link"]) for a in asks] == [
        (ann.id, link.invite_link), (eve.id, link.invite_link)]
    assert club.member_status(ann.id) == club.member_status(eve.id) == "left"  # asked, not in
    assert await bot.approve_chat_join_request(club.id, ann.id)
    assert await bot.decline_chat_join_request(club.id, eve.id)
    assert (club.member_status(ann.id), club.member_status(eve.id)) == ("member", "left")
    with pytest.raises(TelegramBadRequest, match="HIDE_REQUESTER_MISSING"):
        await bot.approve_chat_join_request(club.id, eve.id)
