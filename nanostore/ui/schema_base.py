"""The base of every screen model: unknown keys are errors, with a suggestion.

Pydantic reports an unknown key without saying which keys were allowed there. Each model
notes, for the exact mapping it validates, its allowed keys in a side table (keyed by the
mapping's id) so the checker can say "did you mean 'button'?" for the right set of words.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Discriminator, model_validator

AllowedKeys = dict[int, tuple[str, tuple[str, ...]]]
_allowed_keys: ContextVar[AllowedKeys | None] = ContextVar("allowed_keys", default=None)

ID_PATTERN = r"^[a-zA-Z0-9_.]+$"  # aiogram-dialog's own rule for widget ids
NAME_PATTERN = r"^[a-z][a-z0-9_]*$"


class Spec(BaseModel):
    # defer_build: a check whose screens all come validated from the cache never needs the
    # validators, and building them for ~30 classes was a fifth of such a check.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    unknown_label: ClassVar[str] = "key"

    @model_validator(mode="before")
    @classmethod
    def _remember_allowed_keys(cls, data: Any) -> Any:
        table = _allowed_keys.get()
        if table is not None and isinstance(data, dict):
            table[id(data)] = (cls.unknown_label, tuple(cls.model_fields))
        return data


@contextlib.contextmanager
def recording_allowed_keys() -> Iterator[AllowedKeys]:
    table: AllowedKeys = {}
    token = _allowed_keys.set(table)
    try:
        yield table
    finally:
        _allowed_keys.reset(token)


def shape_of(value: Any, mapping_keys: tuple[str, ...] = ()) -> str | None:
    """A tag for unions of `str | list | {key: ...}`, chosen by what the value looks like."""
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        for key in mapping_keys:
            if key in value:
                return key
        return "mapping"
    if isinstance(value, BaseModel):
        return getattr(value, "shape_tag", "mapping")
    return None


def discriminated(function, message: str) -> Discriminator:
    return Discriminator(function, custom_error_type="wrong_form", custom_error_message=message)
