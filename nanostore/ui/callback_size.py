"""How long a button's callback_data can get; Telegram refuses more than 64 bytes.

aiogram-dialog sends `<intent id><\\x1d><widget id>` for a button and
`<intent id><\\x1d><widget id>:<item id>` for one of many (select items, pager pages, counter
+/-). It does not check the limit itself, so the checker estimates the worst case.

The two facts taken from aiogram-dialog are copied here rather than imported, because the
checker must not pay for importing aiogram (seconds); tests/ui/test_check_imports.py asserts
they still equal aiogram-dialog's.
"""

from __future__ import annotations

import string

TELEGRAM_LIMIT = 64
CB_SEP = "\x1d"  # aiogram_dialog.utils.CB_SEP
_ID_SYMBOLS = string.digits + string.ascii_letters  # aiogram_dialog.api.entities.stack._ID_SYMS
LARGEST_INTENT_ID = 99_999_999 + 99 * 100_000_000  # new_int_id(): time % 10**8 + random(0..99) * 10**8


def id_to_str(int_id: int) -> str:
    """aiogram_dialog.api.entities.stack.id_to_str: base 62, least significant digit first."""
    if not int_id:
        return _ID_SYMBOLS[0]
    text = ""
    while int_id:
        int_id, digit = divmod(int_id, len(_ID_SYMBOLS))
        text += _ID_SYMBOLS[digit]
    return text


INTENT_ID_BYTES = len(id_to_str(LARGEST_INTENT_ID))
PREFIX_BYTES = INTENT_ID_BYTES + len(CB_SEP.encode())
ITEM_ID_BYTES = {"int": 20, "str": 36}  # int64 with sign; a UUID with dashes
PAGE_BYTES = 5
COUNTER_BYTES = 1


def button_bytes(widget_id: str) -> int:
    return PREFIX_BYTES + len(widget_id.encode())


def item_bytes(widget_id: str, item_bytes_max: int) -> int:
    return button_bytes(widget_id) + 1 + item_bytes_max
