"""Named Python pieces that screens refer to: getters, actions, conditions, input types, filters.

Getters, actions and conditions are namespaced `feature.name` so that a screen file reads like
a map of the code (`catalog.product` lives in getters/catalog.py). Registering a name twice is
a programming error and fails at import time, not when a person taps a button.

    registry = Registry()

    @registry.getter("catalog.product")
    async def product(dialog_manager, product_id_key="product_id", **kwargs) -> dict: ...

    @registry.action("cart.add")
    async def add(ctx: ActionContext) -> Transition | None: ...

    @registry.condition("cart.not_empty")
    def not_empty(data: dict, dialog_manager) -> bool: ...

    @registry.input_type("phone")
    def phone(text: str) -> str: ...      # raise ValueError to reject

    @registry.filter("money")
    def money(value: int) -> str: ...

    @registry.access("vip")
    def vip(middleware_data: Mapping) -> bool: ...   # for `access: vip`
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any, Protocol

from nanostore.ui.getter_fields import getter_fields
from nanostore.ui.input_types import BUILTIN_INPUT_TYPES

NAMESPACED = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
PLAIN = re.compile(r"^[a-z][a-z0-9_]*$")
KINDS = ("getter", "action", "condition", "input_type", "filter", "access")


class RegistryError(Exception):
    pass


class Names(Protocol):
    """What checking screens asks of a registry: a Registry, or a Catalogue of its names
    (catalogue.py) when the code behind them is not imported."""

    def has(self, kind: str, name: str) -> bool: ...
    def names(self, kind: str) -> list[str]: ...
    def filters(self) -> dict[str, Callable]: ...
    def getter_fields(self, name: str) -> tuple[str, ...]: ...
    def doc(self, kind: str, name: str) -> str: ...


class Registry:
    def __init__(self, *, builtin_input_types: bool = True):
        self._entries: dict[str, dict[str, Callable]] = {kind: {} for kind in KINDS}
        if builtin_input_types:
            for name, parse in BUILTIN_INPUT_TYPES.items():
                self._add("input_type", name, parse)

    def getter(self, name: str) -> Callable[[Callable], Callable]:
        return self._decorator("getter", name)

    def action(self, name: str) -> Callable[[Callable], Callable]:
        return self._decorator("action", name)

    def condition(self, name: str) -> Callable[[Callable], Callable]:
        return self._decorator("condition", name)

    def input_type(self, name: str) -> Callable[[Callable], Callable]:
        return self._decorator("input_type", name)

    def filter(self, name: str) -> Callable[[Callable], Callable]:
        return self._decorator("filter", name)

    def access(self, name: str) -> Callable[[Callable], Callable]:
        """A name screens may give as `access:`; the function takes the update's middleware
        data and answers whether the person holds it."""
        return self._decorator("access", name)

    def get(self, kind: str, name: str) -> Callable:
        return self._entries[kind][name]

    def has(self, kind: str, name: str) -> bool:
        return name in self._entries[kind]

    def names(self, kind: str) -> list[str]:
        return sorted(self._entries[kind])

    def filters(self) -> dict[str, Callable]:
        return dict(self._entries["filter"])

    def getter_fields(self, name: str) -> tuple[str, ...]:
        """The keys the getter's dict has, as far as its source shows (empty when unknown)."""
        return getter_fields(self._entries["getter"][name])

    def doc(self, kind: str, name: str) -> str:
        """The docstring's summary: what the getter gives, the action does, the condition asks."""
        return doc_summary(self._entries[kind][name])

    def _decorator(self, kind: str, name: str) -> Callable[[Callable], Callable]:
        def register(function: Callable) -> Callable:
            self._add(kind, name, function)
            return function
        return register

    def _add(self, kind: str, name: str, function: Callable) -> None:
        # Jinja filter names cannot contain dots; input types are short words like `int`.
        pattern = PLAIN if kind in ("filter", "access") else NAMESPACED
        if kind == "input_type" and PLAIN.match(name):
            pattern = PLAIN
        if not pattern.match(name):
            raise RegistryError(f"{kind} name {name!r} must look like "
                                f"{'name' if pattern is PLAIN else 'feature.name'}")
        if name in self._entries[kind]:
            raise RegistryError(f"{kind} {name!r} is already registered "
                                f"(by {_origin(self._entries[kind][name])})")
        if kind == "getter" and not inspect.iscoroutinefunction(function):
            # aiogram-dialog awaits getters; a plain function would fail only at render time.
            raise RegistryError(f"getter {name!r} must be an async function")
        self._entries[kind][name] = function


def doc_summary(function: Any) -> str:
    """The docstring's first paragraph on one line (a sentence may wrap in the source)."""
    doc = (inspect.getdoc(inspect.unwrap(function)) or "").strip()
    return " ".join(line.strip() for line in doc.split("\n\n")[0].splitlines())


def _origin(function: Any) -> str:
    return f"{getattr(function, '__module__', '?')}.{getattr(function, '__qualname__', '?')}"


default_registry = Registry()
