"""Chats and the bot itself: getMe, getChat, getChatMember, chat actions, commands, menu."""

from __future__ import annotations

from nanostore.emulator import telegram_errors as errors
from nanostore.emulator.core import Core
from nanostore.emulator.params import Params
from nanostore.emulator.state import ChatRecord

CHAT_ACTIONS = {"typing", "upload_photo", "record_video", "upload_video", "record_voice",
                "upload_voice", "upload_document", "choose_sticker", "find_location",
                "record_video_note", "upload_video_note"}


def find_chat(core: Core, params: Params, name: str = "chat_id") -> ChatRecord:
    chat_id = params.chat_id(name)
    chats = core.state.chats.values()
    if isinstance(chat_id, str):
        found = next((c for c in chats if c.username and f"@{c.username}" == chat_id), None)
    else:
        found = core.state.chats.get(chat_id)
    if found is None:
        raise errors.bad_request(errors.CHAT_NOT_FOUND)
    return found


def chat_to_write(core: Core, params: Params, name: str = "chat_id") -> ChatRecord:
    """A chat the bot may post to: a user who blocked the bot answers 403."""
    chat = find_chat(core, params, name)
    if chat.blocked_bot:
        raise errors.forbidden_blocked()
    if chat.type == "channel" and not chat.bot_is_admin:
        raise errors.bad_request("need administrator rights in the channel chat")
    return chat


async def get_me(core: Core, params: Params) -> dict:
    return core.state.bot.to_api() | {
        "can_join_groups": True, "can_read_all_group_messages": False,
        "supports_inline_queries": False, "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def get_chat(core: Core, params: Params) -> dict:
    chat = find_chat(core, params)
    return chat.to_api() | {"accent_color_id": 0, "max_reaction_count": 11,
                            "accepted_gift_types": {"unlimited_gifts": False,
                                                    "limited_gifts": False,
                                                    "unique_gifts": False,
                                                    "premium_subscription": False,
                                                    "gifts_from_channels": False}}


# What an administrator bot may do in a channel, as Telegram reports it (aiogram requires all).
CHANNEL_ADMIN_RIGHTS = {
    "can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
    "can_delete_messages": True, "can_manage_video_chats": True, "can_restrict_members": True,
    "can_promote_members": False, "can_change_info": True, "can_invite_users": True,
    "can_post_stories": True, "can_edit_stories": True, "can_delete_stories": True,
    "can_post_messages": True, "can_edit_messages": True, "can_send_welcome_messages": True,
}


async def get_chat_member(core: Core, params: Params) -> dict:
    chat = find_chat(core, params)
    user_id = params.required_int("user_id")
    if user_id == core.state.bot.id:
        return _bot_membership(chat, core.state.bot.to_api())
    user = core.state.users.get(user_id)
    if user is None:
        raise errors.bad_request(errors.USER_NOT_FOUND)
    if chat.type == "channel" and not chat.bot_is_admin:
        raise errors.bad_request(errors.MEMBER_LIST_INACCESSIBLE)
    status = chat.members.get(user_id, "left")
    if chat.type == "private" and chat.id == user_id:
        status = "member"
    return _member(status, user.to_api())


def _bot_membership(chat, bot: dict) -> dict:
    # A bot may always ask about itself: that is how it learns whether it is an admin there.
    if chat.type == "channel":
        if chat.bot_is_admin:
            return {"status": "administrator", "user": bot, **CHANNEL_ADMIN_RIGHTS}
        return {"status": "left", "user": bot}
    return {"status": "member", "user": bot}


def _member(status: str, user: dict) -> dict:
    if status == "kicked":
        return {"status": "kicked", "user": user, "until_date": 0}
    if status == "creator":
        return {"status": "creator", "user": user, "is_anonymous": False}
    return {"status": status, "user": user}


async def send_chat_action(core: Core, params: Params) -> bool:
    chat_to_write(core, params)
    if params.str("action") not in CHAT_ACTIONS:
        raise errors.bad_request("wrong parameter action in request")
    return True


def _commands_key(params: Params) -> str:
    scope = params.json("scope") or {"type": "default"}
    return f"{scope.get('type')}:{scope.get('chat_id', '')}:{params.str('language_code', '')}"


async def set_my_commands(core: Core, params: Params) -> bool:
    commands = params.json("commands")
    if not isinstance(commands, list):
        raise errors.parameter_missing("commands")
    for command in commands:
        name = str(command.get("command", ""))
        if not (1 <= len(name) <= 32) or not name.replace("_", "").isalnum() or name != name.lower():
            raise errors.bad_request(errors.BAD_COMMAND)
    core.state.commands[_commands_key(params)] = commands
    return True


async def get_my_commands(core: Core, params: Params) -> list:
    return core.state.commands.get(_commands_key(params), [])


async def delete_my_commands(core: Core, params: Params) -> bool:
    core.state.commands.pop(_commands_key(params), None)
    return True


async def set_chat_menu_button(core: Core, params: Params) -> bool:
    core.state.menu_buttons[params.int("chat_id")] = params.json("menu_button") or {"type": "default"}
    return True


async def get_chat_menu_button(core: Core, params: Params) -> dict:
    return core.state.menu_buttons.get(params.int("chat_id"), {"type": "commands"})


METHODS = {
    "getMe": get_me, "getChat": get_chat, "getChatMember": get_chat_member,
    "sendChatAction": send_chat_action, "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands, "deleteMyCommands": delete_my_commands,
    "setChatMenuButton": set_chat_menu_button, "getChatMenuButton": get_chat_menu_button,
}
