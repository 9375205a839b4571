"""How long a button's callback_data can get; Telegram refuses more than 64 bytes.

aiogram-dialog sends `<intent id><\\x1d><widget id>` for a button and
`<intent id><\\x1d><widget id>:<item id>` for one of many (select items, pager pages, counter
+/-). It does not check the limit itself, so the checker estimates the worst case.
"""

from __future__ import annotations

from aiogram_dialog.api.entities.stack import id_to_str
from aiogram_dialog.utils import CB_SEP

TELEGRAM_LIMIT = 64
# new_int_id() is time % 10**8 + random(0..99) * 10**8: at most this many characters.
INTENT_ID_BYTES = len(id_to_str(99_999_999 + 99 * 100_000_000))
PREFIX_BYTES = INTENT_ID_BYTES + len(CB_SEP.encode())
ITEM_ID_BYTES = {"int": 20, "str": 36}  # int64 with sign; a UUID with dashes
PAGE_BYTES = 5
COUNTER_BYTES = 1


def button_bytes(widget_id: str) -> int:
    return PREFIX_BYTES + len(widget_id.encode())


def item_bytes(widget_id: str, item_bytes_max: int) -> int:
    return button_bytes(widget_id) + 1 + item_bytes_max
