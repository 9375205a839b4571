"""Which plural form a number takes, per language (CLDR rules for the languages we ship)."""

from __future__ import annotations

from collections.abc import Callable

PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")


def _english(n: float) -> str:
    return "one" if n == 1 else "other"


def _russian(n: float) -> str:
    if n != int(n):
        return "other"
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"


_RULES: dict[str, Callable[[float], str]] = {"en": _english, "ru": _russian, "uk": _russian}


def plural_form(language: str, count: float) -> str:
    return _RULES.get(language, _english)(count)


def is_plural_mapping(value: object) -> bool:
    return (isinstance(value, dict) and "other" in value
            and all(key in PLURAL_FORMS for key in value))
