"""Typed access to a request's parameters, whatever body carried them.

JSON bodies keep their types; urlencoded and multipart bodies (aiogram sends those) carry every
value as a string with nested objects JSON-encoded, so values are coerced on read the way the
Bot API coerces them.
"""

from __future__ import annotations

import builtins
import json
from dataclasses import dataclass, field
from typing import overload

from nanostore.emulator import telegram_errors as errors


@dataclass
class Upload:
    """A file part of a multipart body."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass
class Params:
    # Below the methods str, int and bool, those names are the methods: annotations say builtins.
    values: dict = field(default_factory=dict)
    uploads: dict[str, Upload] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return self.values.get(name) not in (None, "") or name in self.uploads

    def raw(self, name: str, default=None):
        return self.values.get(name, default)

    # With a default, str() and int() always give a value.
    @overload
    def str(self, name: builtins.str, default: builtins.str) -> builtins.str: ...
    @overload
    def str(self, name: builtins.str, default: None = None) -> builtins.str | None: ...

    def str(self, name: builtins.str, default: builtins.str | None = None) -> builtins.str | None:
        value = self.values.get(name)
        return default if value is None else str(value)

    def required_str(self, name: builtins.str) -> builtins.str:
        value = self.str(name)
        if value is None or not self.has(name):  # an upload is no string parameter
            raise errors.parameter_missing(name)
        return value

    @overload
    def int(self, name: builtins.str, default: builtins.int) -> builtins.int: ...
    @overload
    def int(self, name: builtins.str, default: None = None) -> builtins.int | None: ...

    def int(self, name: builtins.str, default: builtins.int | None = None) -> builtins.int | None:
        value = self.values.get(name)
        if value in (None, ""):
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise errors.bad_request(f"invalid {name} specified") from None

    def required_int(self, name: builtins.str) -> builtins.int:
        value = self.int(name)
        if value is None:  # absent or empty (an upload is no number either)
            raise errors.parameter_missing(name)
        return value

    def bool(self, name: builtins.str, default: builtins.bool = False) -> builtins.bool:
        value = self.values.get(name)
        if value in (None, ""):
            return default
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def json(self, name: builtins.str, default=None):
        value = self.values.get(name)
        if value in (None, ""):
            return default
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise errors.bad_request(f"can't parse {name} JSON object") from None

    def chat_id(self, name: builtins.str = "chat_id") -> builtins.int | builtins.str:
        """Chat ids are integers or "@username"; the caller resolves usernames."""
        value = self.values.get(name)
        if value in (None, ""):
            raise errors.parameter_missing(name)
        if isinstance(value, str) and value.startswith("@"):
            return value
        return self.required_int(name)
