"""The id of the row a dialog is about, read from start data or dialog data that may be
anything (a stale or forged start, a row deleted meanwhile). Getters read it here; actions too,
through actions/admin_start_data.py."""

from __future__ import annotations

from typing import Any

from nanostore.services.errors import NotFound

ID_MAX = 2**31 - 1  # ids are 32-bit integers: a larger number could never name a row


def id_in(data: Any, key: str) -> int | None:
    """The positive id under `key`, or None when the data holds no usable one."""
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    try:
        number = int(value)
    except ValueError:
        return None
    return number if 0 < number <= ID_MAX else None


def required_id(data: Any, key: str) -> int:
    """The id under `key` of start data or dialog data; NotFound when there is none."""
    found = id_in(data, key)
    if found is None:
        raise NotFound(entity=key.removesuffix("_id"), id=None)
    return found
