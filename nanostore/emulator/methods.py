"""The Bot API methods the emulator answers, gathered from the modules of each area.

Telegram matches method names case-insensitively, so lookups are too.
"""

from __future__ import annotations

from nanostore.emulator import (
    callbacks,
    chats,
    edits,
    files,
    invite_links,
    media,
    messages,
    payments,
    polling,
    subscriptions,
    webhook,
)

AREAS = (callbacks, chats, edits, files, invite_links, media, messages, payments, polling,
         subscriptions, webhook)
METHODS = {name: handler for area in AREAS for name, handler in area.METHODS.items()}
_BY_LOWER_NAME = {name.lower(): handler for name, handler in METHODS.items()}


def find_method(name: str):
    return _BY_LOWER_NAME.get(name.lower())
