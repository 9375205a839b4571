"""The shipped texts read with the line breaks their authors wrote.

Two nets. The source one runs the whitespace detector over every template and locale string
(and multi-line inline texts of the screens) and names file:line of each finding. The render
one shows every window with its preview_data in every language and looks for the trace a
glued line leaves in what people read: a line of the template that starts with an emoji or a
capitalised label, found in the middle of a rendered line right after other text with not even
a space between (`…credited.💰 Balance`, `Subtotal: $9.99To pay`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from nanostore.bot.screens import LOCALES_DIR, SCREENS_DIR, shop_registry
from nanostore.ui import load_bundle
from nanostore.ui.check_jinja import source_line
from nanostore.ui.check_whitespace import glued_lines
from nanostore.ui.i18n import load_locales
from nanostore.ui.loader import YamlList, YamlMap, load_yaml_file
from nanostore.ui.rendering import render_part
from nanostore.ui.schema_parts import TemplateText, TranslatedText
from nanostore.ui.walk import text_parts, windows

LEADING_TAGS = re.compile(r"^\s*(?:\{%.*?%\}|\{#.*?#\}|\s)*")
LITERAL = re.compile(r"^[^{]*")
HTML_TAG = re.compile(r"<[^>]*>")
OPENER_LENGTH = 12  # long enough not to be a common word, short enough to end before a variable


# --- (a) the source: every template and string -----------------------------------------------

def template_findings() -> Iterator[str]:
    for template in sorted(LOCALES_DIR.rglob("*.j2")):
        for glued in glued_lines(template.read_text(encoding="utf-8")):
            yield f"{shown(template)}:{glued.marker_line}:{glued.column}: {glued.message}"


def message_findings() -> Iterator[str]:
    locales = load_locales(LOCALES_DIR, "en")
    for language, entries in locales.entries.items():
        for key, entry in entries.items():
            forms = entry.value.values() if isinstance(entry.value, dict) else [entry.value]
            for text in forms:
                for glued in glued_lines(text):
                    where = entry.position
                    line = source_line(where.line, where.block, glued.marker_line) if where else "?"
                    file = where.file if where else f"{language}:{key}"
                    yield f"{file}:{line}: {key}: {glued.message}"


def screen_text_findings() -> Iterator[str]:
    for screen in sorted(SCREENS_DIR.glob("*.yaml")):
        for text, where in strings_with_positions(load_yaml_file(screen, shown(screen))):
            for glued in glued_lines(text) if "\n" in text else ():
                line = source_line(where.line, where.block, glued.marker_line) if where else "?"
                yield f"{shown(screen)}:{line}: {glued.message}"


def strings_with_positions(node, position=None) -> Iterator[tuple[str, object]]:
    if isinstance(node, str):
        yield node, position
    elif isinstance(node, YamlMap):
        for key, value in node.items():
            yield from strings_with_positions(value, node.value_positions.get(key))
    elif isinstance(node, YamlList):
        for value, where in zip(node, node.item_positions):
            yield from strings_with_positions(value, where)


def shown(path: Path) -> str:
    return str(path.relative_to(LOCALES_DIR.parents[2]))  # from the repository root


def test_no_shipped_template_or_string_runs_one_line_into_the_next():
    findings = [*template_findings(), *message_findings(), *screen_text_findings()]
    assert not findings, "\n".join(findings)


# --- (b) what people read: every window rendered with its preview_data ----------------------

@cache
def bundle():
    return load_bundle(SCREENS_DIR, LOCALES_DIR, shop_registry(), strict=True,
                       check_previews=False)


def rendered_windows() -> Iterator[tuple[str, str, list[str]]]:
    """(window, rendered text, the template sources it came from) in every language."""
    shop = bundle()
    for dialog, spec in shop.dialogs.items():
        for name, window, _ in windows(spec):
            parts = [part for _, part in text_parts(window.text, ())]
            for language in shop.locales.languages:
                data = {"dialog_data": {}, "start_data": {}, "middleware_data": {},
                        **window.preview_data}
                context = {**data, "t": shop.translator.for_language(language), "locale": language}
                text = "\n".join(render_part(part, context, shop.texts, shop.translator)
                                 for part in parts)
                yield f"{dialog}:{name} ({language})", text, list(sources(parts, language))


def sources(parts: list, language: str) -> Iterator[str]:
    for part in parts:
        if isinstance(part, TemplateText):
            template = bundle().texts.file(language, part.template)
            yield Path(template.filename).read_text(encoding="utf-8")
        elif isinstance(part, TranslatedText):
            found = bundle().locales.entry(language, part.t)
            value = found[1].value if found else ""
            yield from value.values() if isinstance(value, dict) else [value]
        else:
            yield part


def line_openers(source: str) -> set[str]:
    """The literal text each source line starts with, when that is an emoji or a capital."""
    openers = set()
    for line in source.splitlines():
        rest = line[LEADING_TAGS.match(line).end():]
        literal = LITERAL.match(rest).group()[:OPENER_LENGTH].rstrip()
        words = HTML_TAG.sub("", literal).strip()
        if words and (is_emoji(words[0]) or words[0].isupper()) and len(words) >= 2:
            openers.add(literal)
    return openers


def is_emoji(character: str) -> bool:
    return unicodedata.category(character) == "So"


def glued_spots(text: str, openers: set[str]) -> list[str]:
    spots = []
    for line in text.splitlines():
        for opener in openers:
            at = line.find(opener, 1)
            while at > 0:
                if not line[at - 1].isspace():
                    spots.append(f"…{line[max(0, at - 24):at]}⟦no break⟧{line[at:at + 24]}…")
                at = line.find(opener, at + 1)
    return spots


def test_no_rendered_window_runs_one_line_into_the_next():
    problems = []
    for window, text, window_sources in rendered_windows():
        openers = set().union(*(line_openers(source) for source in window_sources))
        problems += [f"{window}: {spot}" for spot in glued_spots(text, openers)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("template, data, glued", [
    ("Subtotal: {{ s }}\n{%- if d %}\nDiscount: {{ d }}\n{%- endif %}\nTo pay: {{ p }}",
     {"s": "$9.99", "d": 0, "p": "$9.99"}, "…Subtotal: $9.99⟦no break⟧To pay: $9.99…"),
    ("✅ Credited.\n{%- if b %}\n🎁 Bonus\n{%- endif %}\n💰 Balance: {{ v }}",
     {"b": 0, "v": "$8.50"}, "…✅ Credited.⟦no break⟧💰 Balance: $8.50…"),
])
def test_the_render_net_catches_a_glued_line(template, data, glued):
    text = bundle().env.from_string(template).render(**data)
    assert glued_spots(text, line_openers(template)) == [glued]


def test_the_render_net_leaves_inline_labels_alone():
    template = ("<b>{{ name }}</b> · ⭐ {{ stars }} Stars\n"
                "⭐ Stars are accepted\n"
                "Total: {{ total }}{% if discount %} (Discount {{ discount }}){% endif %}")
    text = bundle().env.from_string(template).render(name="Key", stars=5, total=1, discount=2)
    assert glued_spots(text, line_openers(template)) == []
