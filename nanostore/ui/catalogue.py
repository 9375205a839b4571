"""What a bot's registry offers, by name, without importing the code behind it.

The checker only asks which names exist, so it can work from a catalogue written once by a
developer (`Catalogue.from_registry(registry).to_json()`) instead of importing every feature
module and the frameworks they use. Editors read the same catalogue: each getter's fields,
and one doc line per name.

    catalogue = Catalogue.from_json(path.read_text())
    catalogue.has("getter", "catalog.product"); catalogue.getter_fields("catalog.product")

Filters are the exception: previews render with them, so a host registers the real functions
(`catalogue.filter("money")(money)`); a filter known only by name renders its value unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from nanostore.ui.registry import KINDS, doc_summary

COMMENT = "Generated from the registry; do not edit by hand."


class RegistryLike(Protocol):
    def names(self, kind: str) -> list[str]: ...
    def getter_fields(self, name: str) -> tuple[str, ...]: ...
    def doc(self, kind: str, name: str) -> str: ...


@dataclass(frozen=True)
class Entry:
    doc: str = ""
    fields: tuple[str, ...] = ()  # getters only


class Catalogue:
    def __init__(self, entries: dict[str, dict[str, Entry]] | None = None):
        self._entries = {kind: dict((entries or {}).get(kind, {})) for kind in KINDS}
        self._filters: dict[str, Callable] = {}

    @classmethod
    def from_registry(cls, registry: RegistryLike) -> Catalogue:
        return cls({kind: {name: _entry_of(registry, kind, name) for name in registry.names(kind)}
                    for kind in KINDS})

    @classmethod
    def from_json(cls, text: str) -> Catalogue:
        data = json.loads(text)
        return cls({kind: {name: Entry(entry.get("doc", ""), tuple(entry.get("fields", ())))
                           for name, entry in data.get(kind, {}).items()}
                    for kind in KINDS})

    def to_json(self) -> str:
        """Sorted and indented, so that a regenerated file differs only where the code did."""
        data: dict[str, Any] = {"$comment": COMMENT}
        for kind in KINDS:
            data[kind] = {name: _entry_json(kind, self._entries[kind][name]) for name in self.names(kind)}
        return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"

    # The questions the checker asks a Registry.
    def has(self, kind: str, name: str) -> bool:
        return name in self._entries[kind]

    def names(self, kind: str) -> list[str]:
        return sorted(self._entries[kind])

    def getter_fields(self, name: str) -> tuple[str, ...]:
        return self._entries["getter"][name].fields

    def doc(self, kind: str, name: str) -> str:
        return self._entries[kind][name].doc

    def filters(self) -> dict[str, Callable]:
        return {name: self._filters.get(name, _unchanged) for name in self._entries["filter"]}

    def filter(self, name: str) -> Callable[[Callable], Callable]:
        """Give a filter its real function, as `Registry.filter` does, for rendering previews."""
        def register(function: Callable) -> Callable:
            self._filters[name] = function
            self._entries["filter"].setdefault(name, Entry(doc_summary(function)))
            return function
        return register

    def add(self, kind: str, name: str, doc: str = "") -> None:
        """Make a name known (e.g. the engine's built-in input types) unless it already is."""
        self._entries[kind].setdefault(name, Entry(doc))


def _entry_of(registry: RegistryLike, kind: str, name: str) -> Entry:
    fields = registry.getter_fields(name) if kind == "getter" else ()
    return Entry(registry.doc(kind, name), tuple(fields))


def _entry_json(kind: str, entry: Entry) -> dict[str, Any]:
    return {"doc": entry.doc, "fields": list(entry.fields)} if kind == "getter" else {"doc": entry.doc}


def _unchanged(value: Any, *args: Any, **kwargs: Any) -> Any:
    return value
