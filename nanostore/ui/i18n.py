"""Locale strings from locales/<lang>/messages.yaml and locales/<lang>/messages/*.yaml (one
file per feature, so editors of different screens never touch the same file), with dotted keys
and plural forms.

    cart:
      title: "Your cart"
      items: {one: "{{ count }} item", other: "{{ count }} items"}

`t("cart.items", count=3)` picks the plural form by `count` with the language's rules. Strings
are Jinja templates rendered with the params. A key missing in the person's language falls
back to the default locale; a key missing everywhere renders as the key itself (the checker
reports it long before a person could see it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, Template
from markupsafe import Markup

from nanostore.ui.layers import Folders, existing, folder_stack
from nanostore.ui.loader import Position, YamlError, YamlMap, load_yaml_file
from nanostore.ui.plurals import is_plural_mapping, plural_form

MESSAGES_FILE = "messages.yaml"
MESSAGES_DIR = "messages"
Translate = Callable[..., Markup]


@dataclass
class Entry:
    """One key of one locale: a string, or plural forms; with where it was written."""
    value: str | dict[str, str]
    position: Position | None = None


@dataclass
class Locales:
    default: str
    directories: tuple[Path, ...]  # highest priority first (a shop's folder, then the built-in)
    entries: dict[str, dict[str, Entry]] = field(default_factory=dict)  # lang -> key -> entry

    @property
    def languages(self) -> list[str]:
        return sorted(self.entries)

    def entry(self, language: str, key: str) -> tuple[str, Entry] | None:
        """The entry and the language it came from (the default one when falling back)."""
        for candidate in (language, self.default):
            found = self.entries.get(candidate, {}).get(key)
            if found is not None:
                return candidate, found
        return None

    def language_or_default(self, language: str | None) -> str:
        return language if language in self.entries else self.default


def flatten(tree: Any, prefix: str = "") -> dict[str, Entry]:
    flat: dict[str, Entry] = {}
    if not isinstance(tree, dict):
        return flat
    for key, value in tree.items():
        dotted = f"{prefix}{key}"
        position = tree.value_positions.get(key) if isinstance(tree, YamlMap) else None
        if isinstance(value, str) or is_plural_mapping(value):
            flat[dotted] = Entry(value if isinstance(value, str) else dict(value), position)
        elif isinstance(value, dict):
            flat.update(flatten(value, f"{dotted}."))
        else:
            flat[dotted] = Entry(str(value), position)
    return flat


def message_files(language_dir: Path) -> list[Path]:
    files = [language_dir / MESSAGES_FILE] if (language_dir / MESSAGES_FILE).exists() else []
    return files + sorted((language_dir / MESSAGES_DIR).glob("*.yaml"))


def load_locales(directories: Folders, default: str, label: Callable[[Path], str] = str,
                 errors: list[YamlError] | None = None) -> Locales:
    """Read every language's message files into one set of keys per language.

    Within one folder a key defined in two files is a mistake; a higher folder (a shop's own)
    overrides the lower one key by key, so a shop states only the texts it changes.
    A YAML mistake, or a key defined twice, raises YamlError, or is appended to `errors`
    (that file then loads empty) so that a checker can go on and report everything else too.
    """
    stack = existing(directories)
    locales = Locales(default=default, directories=folder_stack(directories))
    for folder in reversed(stack):  # lowest first: higher folders override key by key
        for language_dir in sorted(path for path in folder.iterdir() if path.is_dir()
                                   and not path.name.startswith(".")):
            layer = _language_entries(language_dir, label, errors)
            locales.entries.setdefault(language_dir.name, {}).update(layer)
    locales.entries = dict(sorted(locales.entries.items()))
    return locales


def _language_entries(language_dir: Path, label: Callable[[Path], str],
                      errors: list[YamlError] | None) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for messages in message_files(language_dir):
        try:
            tree = load_yaml_file(messages, label(messages))
            _merge(entries, flatten(tree or {}))
        except YamlError as error:
            if errors is None:
                raise
            errors.append(error)
    return entries


def _merge(entries: dict[str, Entry], more: dict[str, Entry]) -> None:
    for key, entry in more.items():
        if key in entries:
            first = entries[key].position
            assert entry.position is not None  # entries read from a file know their position
            where = f" (first defined at {first})" if first else ""
            raise YamlError(entry.position, f"key '{key}' is defined twice{where}", (key,))
        entries[key] = entry


class Translator:
    """Renders locale strings; compiled templates are cached per (language, key, form)."""

    def __init__(self, locales: Locales, env: Environment):
        self.locales = locales
        self.env = env
        self._compiled: dict[tuple[str, str, str], Template] = {}

    def for_language(self, language: str | None) -> Translate:
        language = self.locales.language_or_default(language)

        def t(key: str, **params: Any) -> Markup:
            return self.translate(language, key, **params)
        return t

    def translate(self, language: str, key: str, **params: Any) -> Markup:
        found = self.locales.entry(language, key)
        if found is None:
            return Markup.escape(key)
        language, entry = found
        form = "text"
        if isinstance(entry.value, dict):
            form = plural_form(language, _number(params.get("count", 0)))
            form = form if form in entry.value else "other"
        return Markup(self._template(language, key, form, entry).render(params))

    def _template(self, language: str, key: str, form: str, entry: Entry) -> Template:
        cache_key = (language, key, form)
        if cache_key not in self._compiled:
            source = entry.value[form] if isinstance(entry.value, dict) else entry.value
            self._compiled[cache_key] = self.env.from_string(source)
        return self._compiled[cache_key]


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0
