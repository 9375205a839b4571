"""Keep aiogram's parsed-response classes alive for the Bot API methods the shop calls often.

aiogram parses every answer as `Response[T]` (T: what the method returns). pydantic keeps those
generic classes in a weak-value cache, so once a garbage collection frees one, the next call
rebuilds it: ~10 ms of schema building on a Bot API call. The browse benchmark found it rebuilt
every few updates (about 14% of the shop's CPU: docs/benchmarks.md). Holding one reference to
each class makes the cache hit every time; the set is small and fixed, so memory is unaffected.
"""

from __future__ import annotations

from typing import Any

from aiogram import methods
from aiogram.methods.base import Response, TelegramMethod

# Polling, sending and editing screens, callback answers, deleting, chat member checks.
FREQUENT: tuple[type[TelegramMethod[Any]], ...] = (
    methods.GetUpdates, methods.SendMessage, methods.SendPhoto, methods.EditMessageText,
    methods.EditMessageCaption, methods.EditMessageMedia, methods.EditMessageReplyMarkup,
    methods.AnswerCallbackQuery, methods.DeleteMessage, methods.GetChatMember,
    methods.SendDocument, methods.CopyMessage)



def parsed_response(method: type[TelegramMethod[Any]]) -> type[Response[Any]]:
    """The class aiogram parses this method's answers into (pydantic's cached Response[T])."""
    returning: Any = method.__returning__  # a type known only at run time
    return Response[returning]


PINNED = {method.__returning__: parsed_response(method) for method in FREQUENT}
