"""Invite links to private channels and groups, and removing members: createChatInviteLink,
banChatMember, unbanChatMember. The bot needs administrator rights in the chat.

A person joins by a link (Person.join_by_link) unless it expired, was revoked, reached its
member limit, or they are banned there. A link that creates join requests makes a
chat_join_request update instead, and the person is in once the bot approves it
(approveChatJoinRequest) or not at all (declineChatJoinRequest). Banning removes a member (status "kicked");
unbanning lets them join again (status "left"), and with only_if_banned leaves anyone not
banned as they are.
"""

from __future__ import annotations

import secrets

from nanostore.emulator import telegram_errors as errors
from nanostore.emulator.chats import find_chat
from nanostore.emulator.core import Core
from nanostore.emulator.params import Params
from nanostore.emulator.state import ChatRecord, InviteLinkRecord

NAME_MAX = 32
MEMBER_LIMIT_MAX = 99999


class CannotJoin(AssertionError):
    """Telegram would not let the person in by this link."""


def _administered(core: Core, params: Params, missing_right: str) -> ChatRecord:
    chat = find_chat(core, params)
    if chat.type == "private":
        raise errors.bad_request(errors.CHAT_NOT_FOUND if chat.id != core.state.bot.id
                                 else "method is available for supergroup and channel chats only")
    if not chat.bot_is_admin:
        raise errors.bad_request(missing_right)
    return chat


def link_to_api(core: Core, link: InviteLinkRecord) -> dict:
    data: dict = {"invite_link": link.invite_link, "creator": core.state.bot.to_api(),
                  "creates_join_request": link.creates_join_request, "is_primary": False,
                  "is_revoked": link.is_revoked}
    for name in ("name", "expire_date", "member_limit"):
        if getattr(link, name) is not None:
            data[name] = getattr(link, name)
    return data


async def create_chat_invite_link(core: Core, params: Params) -> dict:
    chat = _administered(core, params, errors.NOT_ENOUGH_RIGHTS_INVITE)
    name = params.str("name")
    if name is not None and len(name) > NAME_MAX:
        raise errors.bad_request("invite link name is too long")
    limit = params.int("member_limit")
    if limit is not None and not 1 <= limit <= MEMBER_LIMIT_MAX:
        raise errors.bad_request("member limit is invalid")
    approval = params.bool("creates_join_request")
    if approval and limit is not None:
        raise errors.bad_request("member limit can't be specified for links requiring administrator approval")
    link = InviteLinkRecord(invite_link=f"https://t.me/+{secrets.token_urlsafe(12)}",
                            chat_id=chat.id, creator_id=core.state.bot.id, name=name,
                            expire_date=params.int("expire_date"), member_limit=limit,
                            creates_join_request=approval)
    core.state.invite_links[link.invite_link] = link
    return link_to_api(core, link)


async def ban_chat_member(core: Core, params: Params) -> bool:
    chat = _administered(core, params, errors.NOT_ENOUGH_RIGHTS_RESTRICT)
    user_id = params.required_int("user_id")
    if user_id not in core.state.users:
        raise errors.bad_request(errors.USER_NOT_FOUND)
    if chat.members.get(user_id) == "creator":
        raise errors.bad_request(errors.CANT_REMOVE_CHAT_OWNER)
    chat.members[user_id] = "kicked"
    return True


async def unban_chat_member(core: Core, params: Params) -> bool:
    chat = _administered(core, params, errors.NOT_ENOUGH_RIGHTS_RESTRICT)
    user_id = params.required_int("user_id")
    status = chat.members.get(user_id, "left")
    if status == "creator":
        raise errors.bad_request(errors.CANT_REMOVE_CHAT_OWNER)
    if status == "kicked" or not params.bool("only_if_banned"):
        # Without only_if_banned a member is removed too: afterwards they can join again.
        chat.members[user_id] = "left"
    return True


def join(core: Core, user_id: int, invite_link: str) -> ChatRecord:
    """In by the link, or a join request sent to the bot when the link asks for approval."""
    link = core.state.invite_links.get(invite_link)
    if link is None or link.is_revoked:
        raise CannotJoin("this invite link is not valid")
    if link.expire_date is not None and link.expire_date <= core.state.now():
        raise CannotJoin(errors.INVITE_LINK_EXPIRED)
    chat = core.state.chats[link.chat_id]
    status = chat.members.get(user_id, "left")
    if status == "kicked":
        raise CannotJoin("banned in this chat")
    if status in ("member", "administrator", "creator"):
        return chat
    if link.member_limit is not None and len(link.joined) >= link.member_limit:
        raise CannotJoin("USERS_TOO_MUCH: the link's member limit was reached")
    if link.creates_join_request:
        core.state.join_requests[(chat.id, user_id)] = link.invite_link
        core.push_update("chat_join_request", {
            "chat": chat.to_api(), "from": core.state.users[user_id].to_api(),
            "user_chat_id": user_id, "date": core.state.now(),
            "invite_link": link_to_api(core, link)}, chat_id=user_id)
        return chat
    link.joined.append(user_id)
    chat.members[user_id] = "member"
    return chat


def _request(core: Core, params: Params) -> tuple[ChatRecord, int, str]:
    chat = _administered(core, params, errors.NOT_ENOUGH_RIGHTS_INVITE)
    user_id = params.required_int("user_id")
    link = core.state.join_requests.pop((chat.id, user_id), None)
    if link is None:
        raise errors.bad_request("HIDE_REQUESTER_MISSING")
    return chat, user_id, link


async def approve_chat_join_request(core: Core, params: Params) -> bool:
    chat, user_id, link = _request(core, params)
    core.state.invite_links[link].joined.append(user_id)
    chat.members[user_id] = "member"
    return True


async def decline_chat_join_request(core: Core, params: Params) -> bool:
    _request(core, params)
    return True


METHODS = {"createChatInviteLink": create_chat_invite_link, "banChatMember": ban_chat_member,
           "unbanChatMember": unban_chat_member,
           "approveChatJoinRequest": approve_chat_join_request,
           "declineChatJoinRequest": decline_chat_join_request}
