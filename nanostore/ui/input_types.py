"""Built-in ways to read a typed value from text a person sent.

Each is `str -> value` and raises ValueError to reject; the screen then shows its error text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_MONEY = re.compile(r"^\s*(\d{1,12})(?:[.,](\d{1,2}))?\s*$")


def parse_str(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValueError("empty")
    return text


def parse_int(text: str) -> int:
    return int(text.strip())


def parse_positive_int(text: str) -> int:
    value = parse_int(text)
    if value <= 0:
        raise ValueError("not positive")
    return value


def parse_money(text: str) -> int:
    """'12.5' -> 1250: amounts are integer minor units (cents), never floats."""
    match = _MONEY.match(text)
    if not match:
        raise ValueError("not an amount")
    whole, fraction = match.group(1), (match.group(2) or "").ljust(2, "0")
    return int(whole) * 100 + int(fraction)


BUILTIN_INPUT_TYPES: dict[str, Callable[[str], Any]] = {
    "str": parse_str,
    "int": parse_int,
    "positive_int": parse_positive_int,
    "money": parse_money,
}
