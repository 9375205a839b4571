"""Rendering texts that admins edit in the bot: locked down, and never raising.

An admin text is untrusted template source. It runs in an ImmutableSandboxedEnvironment
(no attribute writes, no list.append, no `obj.delete()` on models: a plain sandbox still let
that run) and only ever sees plain data: dicts, lists, strings, numbers, booleans, None.
Anything else is converted (dates, decimals, enums to text) or refused before rendering.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

TELEGRAM_TEXT_LIMIT = 4096
MAX_SOURCE_LENGTH = 20_000


class NotPlainData(TypeError):
    pass


@dataclass(frozen=True)
class SafeRender:
    text: str
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def plain(value: Any, depth: int = 0) -> Any:
    """A copy of `value` made only of dict/list/str/int/float/bool/None."""
    if depth > 20:
        raise NotPlainData("data nested too deeply")
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, Mapping):
        return {str(key): plain(inner, depth + 1) for key, inner in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(inner, depth + 1) for inner in value]
    if isinstance(value, enum.Enum):
        return plain(value.value, depth + 1)
    if isinstance(value, (dt.date, dt.datetime, dt.time, decimal.Decimal)):
        return str(value)
    raise NotPlainData(f"{type(value).__name__} is not plain data")


class SafeTextRenderer:
    def __init__(self, *, max_length: int = TELEGRAM_TEXT_LIMIT, autoescape: bool = True,
                 filters: Mapping[str, Callable] | None = None, strict: bool = True):
        self.max_length = max_length
        self.env = ImmutableSandboxedEnvironment(
            autoescape=autoescape, undefined=StrictUndefined if strict else _default_undefined())
        self.env.filters.update(filters or {})

    def render(self, source: str, data: Mapping[str, Any] | None = None) -> SafeRender:
        if len(source) > MAX_SOURCE_LENGTH:
            return SafeRender("", f"the text is longer than {MAX_SOURCE_LENGTH} characters")
        try:
            context = plain(dict(data or {}))
            template = self.env.from_string(source)
            return self._capped(template.generate(context))
        except NotPlainData as error:
            return SafeRender("", f"cannot show this data: {error}")
        except UndefinedError as error:
            return SafeRender("", f"unknown name: {error.message}")
        except SecurityError:
            return SafeRender("", "this text tries something that is not allowed")
        except TemplateError as error:
            return SafeRender("", f"template error: {error.message or error}")
        except Exception as error:  # noqa: BLE001 - an admin's text must never crash the bot
            return SafeRender("", f"cannot render: {type(error).__name__}: {error}")

    def _capped(self, chunks) -> SafeRender:
        """Stop as soon as the output is too long: a loop must not fill memory first."""
        parts, length = [], 0
        for chunk in chunks:
            length += len(chunk)
            if length > self.max_length:
                return SafeRender("", f"the result is longer than {self.max_length} characters")
            parts.append(chunk)
        return SafeRender("".join(parts))


def _default_undefined():
    from jinja2 import ChainableUndefined
    return ChainableUndefined
