"""Telegram's HTML parse mode: turns bot HTML into plain text plus MessageEntity dicts.

Follows TDLib's parser closely enough that the same input fails with the same words: only
Telegram's tags are accepted, byte offsets in errors count UTF-8 bytes of the original text,
entity offsets count UTF-16 code units of the result (what aiogram's types expect).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from nanostore.emulator import telegram_errors as errors

SIMPLE_TAGS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "tg-spoiler": "spoiler", "code": "code", "pre": "pre",
}
SPECIAL_TAGS = {"a", "span", "tg-emoji", "blockquote"}
ATTRIBUTE = re.compile(r"""\s*([a-zA-Z-]+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s>"']+))?""")
ENTITY_REFERENCE = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


@dataclass
class _OpenTag:
    name: str
    attributes: dict[str, str]
    start_utf16: int


@dataclass
class _Output:
    chars: list[str] = field(default_factory=list)
    utf16_length: int = 0
    entities: list[dict] = field(default_factory=list)

    def append(self, text: str) -> None:
        self.chars.append(text)
        self.utf16_length += utf16_length(text)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> tuple[str, list[dict]]:
    """Returns (text, entities) or raises the Bad Request Telegram would answer with."""
    out = _Output()
    stack: list[_OpenTag] = []
    position = 0
    while position < len(source):
        char = source[position]
        if char == "&":
            position = _read_reference(source, position, out)
        elif char == "<":
            position = _read_tag(source, position, stack, out)
        else:
            out.append(char)
            position += 1
    if stack:
        raise errors.cant_parse_entities(
            f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"'
        )
    out.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return "".join(out.chars), out.entities


def _byte_offset(source: str, position: int) -> int:
    return len(source[:position].encode("utf-8"))


def _read_reference(source: str, position: int, out: _Output) -> int:
    # Unknown references stay literal text, as in TDLib.
    match = ENTITY_REFERENCE.match(source, position)
    decoded = html.unescape(match.group(0)) if match else "&"
    if match and decoded != match.group(0):
        out.append(decoded)
        return match.end()
    out.append("&")
    return position + 1


def _read_tag(source: str, position: int, stack: list[_OpenTag], out: _Output) -> int:
    if source.startswith("</", position):
        return _read_end_tag(source, position, stack, out)
    end = source.find(">", position)
    if end == -1:
        raise errors.cant_parse_entities(
            f"Unclosed start tag at byte offset {_byte_offset(source, position)}"
        )
    body = source[position + 1:end].rstrip("/")
    name_match = re.match(r"[^\s>/]*", body)
    assert name_match is not None  # `*` matches, if only the empty string
    name = name_match.group(0).lower()
    if name not in SIMPLE_TAGS and name not in SPECIAL_TAGS:
        raise errors.cant_parse_entities(
            f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, position)}'
        )
    attributes = {
        key.lower(): html.unescape(value.strip("\"'")) if value else ""
        for key, value in ATTRIBUTE.findall(body[name_match.end():])
    }
    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise errors.cant_parse_entities(
            f'Tag "span" must have class "tg-spoiler" at byte offset '
            f"{_byte_offset(source, position)}"
        )
    stack.append(_OpenTag(name, attributes, out.utf16_length))
    return end + 1


def _read_end_tag(source: str, position: int, stack: list[_OpenTag], out: _Output) -> int:
    end = source.find(">", position)
    if not stack:
        raise errors.cant_parse_entities(
            f"Unexpected end tag at byte offset {_byte_offset(source, position)}"
        )
    if end == -1:
        raise errors.cant_parse_entities(
            f"Unclosed end tag at byte offset {_byte_offset(source, position)}"
        )
    name = source[position + 2:end].strip().lower()
    opened = stack[-1]
    if name != opened.name:
        raise errors.cant_parse_entities(
            f"Unmatched end tag at byte offset {_byte_offset(source, position)}, "
            f'expected "</{opened.name}>", found "</{name}>"'
        )
    stack.pop()
    _close_entity(opened, out, stack)
    return end + 1


def _close_entity(opened: _OpenTag, out: _Output, stack: list[_OpenTag]) -> None:
    length = out.utf16_length - opened.start_utf16
    if length == 0:
        return  # Telegram drops empty entities
    entity = {"type": _entity_type(opened), "offset": opened.start_utf16, "length": length}
    entity.update(_entity_extras(opened))
    if opened.name == "code" and stack and stack[-1].name == "pre":
        language = opened.attributes.get("class", "").removeprefix("language-")
        if language:
            stack[-1].attributes["language"] = language
        return  # <pre><code class="language-x"> is one pre entity with a language
    out.entities.append(entity)


def _entity_type(opened: _OpenTag) -> str:
    if opened.name in SIMPLE_TAGS:
        return SIMPLE_TAGS[opened.name]
    if opened.name == "a":
        href = opened.attributes.get("href", "")
        return "text_mention" if href.startswith("tg://user?id=") else "text_link"
    if opened.name == "blockquote":
        return "expandable_blockquote" if "expandable" in opened.attributes else "blockquote"
    return {"span": "spoiler", "tg-emoji": "custom_emoji"}[opened.name]


def _entity_extras(opened: _OpenTag) -> dict:
    if opened.name == "a":
        href = opened.attributes.get("href", "")
        if href.startswith("tg://user?id="):
            return {"user": {"id": int(href.split("=", 1)[1]), "is_bot": False, "first_name": "User"}}
        return {"url": href}
    if opened.name == "tg-emoji":
        return {"custom_emoji_id": opened.attributes.get("emoji-id", "")}
    if opened.name == "pre" and opened.attributes.get("language"):
        return {"language": opened.attributes["language"]}
    return {}
