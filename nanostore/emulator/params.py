"""Typed access to a request's parameters, whatever body carried them.

JSON bodies keep their types; urlencoded and multipart bodies (aiogram sends those) carry every
value as a string with nested objects JSON-encoded, so values are coerced on read the way the
Bot API coerces them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from nanostore.emulator import telegram_errors as errors


@dataclass
class Upload:
    """A file part of a multipart body."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass
class Params:
    values: dict = field(default_factory=dict)
    uploads: dict[str, Upload] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return self.values.get(name) not in (None, "") or name in self.uploads

    def raw(self, name: str, default=None):
        return self.values.get(name, default)

    def str(self, name: str, default: str | None = None) -> str | None:
        value = self.values.get(name)
        return default if value is None else str(value)

    def required_str(self, name: str) -> str:
        if not self.has(name):
            raise errors.parameter_missing(name)
        return self.str(name)

    def int(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value in (None, ""):
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise errors.bad_request(f"invalid {name} specified") from None

    def required_int(self, name: str) -> int:
        if not self.has(name):
            raise errors.parameter_missing(name)
        return self.int(name)

    def bool(self, name: str, default: bool = False) -> bool:
        value = self.values.get(name)
        if value in (None, ""):
            return default
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def json(self, name: str, default=None):
        value = self.values.get(name)
        if value in (None, ""):
            return default
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise errors.bad_request(f"can't parse {name} JSON object") from None

    def chat_id(self, name: str = "chat_id") -> int | str:
        """Chat ids are integers or "@username"; the caller resolves usernames."""
        value = self.values.get(name)
        if value in (None, ""):
            raise errors.parameter_missing(name)
        if isinstance(value, str) and value.startswith("@"):
            return value
        return self.int(name)
