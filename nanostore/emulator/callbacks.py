"""answerCallbackQuery: each query is answered once, and only while it is fresh."""

from __future__ import annotations

import time

from nanostore.emulator import telegram_errors as errors
from nanostore.emulator.core import Core
from nanostore.emulator.params import Params

ANSWER_TEXT_LIMIT = 200


async def answer_callback_query(core: Core, params: Params) -> bool:
    query = core.state.callback_queries.get(params.required_str("callback_query_id"))
    expired = query is not None and (
        time.monotonic() - query.created > core.timing.callback_answer_timeout
    )
    if query is None or query.answer is not None or expired:
        raise errors.bad_request(errors.QUERY_TOO_OLD)
    text = params.str("text") or ""
    if len(text) > ANSWER_TEXT_LIMIT:
        raise errors.bad_request("MESSAGE_TOO_LONG")
    query.answer = {"text": text or None, "show_alert": params.bool("show_alert"),
                    "url": params.str("url")}
    return True


METHODS = {"answerCallbackQuery": answer_callback_query}
