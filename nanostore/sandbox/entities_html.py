"""A bot message as safe HTML for the sandbox page: the plain text is escaped and only
Telegram's own formatting (its MessageEntity list) becomes tags, from a fixed allow-list.

Nothing the bot wrote is ever passed through as markup, so a message that shows
"<script>" is text on the page, and a link can only point at http(s) or tg: addresses.
"""

from __future__ import annotations

import html

SIMPLE_TAGS = {"bold": "b", "italic": "i", "underline": "u", "strikethrough": "s",
               "code": "code", "pre": "pre", "blockquote": "blockquote",
               "expandable_blockquote": "blockquote"}
SAFE_SCHEMES = ("http://", "https://", "tg://")


def _open_tag(entity: dict, text: str) -> tuple[str, str] | None:
    kind = entity.get("type")
    if kind in SIMPLE_TAGS:
        tag = SIMPLE_TAGS[kind]
        return f"<{tag}>", f"</{tag}>"
    if kind == "spoiler":
        return '<span class="spoiler">', "</span>"
    if kind in ("text_link", "url"):
        url = entity.get("url") if kind == "text_link" else text
        if url and url.lower().startswith(SAFE_SCHEMES):
            href = html.escape(url, quote=True)
            return f'<a href="{href}" target="_blank" rel="noopener noreferrer">', "</a>"
    return None  # mentions, hashtags, custom emoji...: shown as their plain text


def _utf16_index(text: str) -> list[int]:
    """Python string index for every UTF-16 offset (entities count UTF-16 code units)."""
    index = []
    for position, char in enumerate(text):
        index.extend([position] * (2 if ord(char) > 0xFFFF else 1))
    index.append(len(text))
    return index


def to_safe_html(text: str | None, entities: list[dict] | None) -> str:
    text = text or ""
    index = _utf16_index(text)
    spans = []
    for entity in entities or []:
        start = index[min(entity.get("offset", 0), len(index) - 1)]
        end = index[min(entity.get("offset", 0) + entity.get("length", 0), len(index) - 1)]
        tags = _open_tag(entity, text[start:end])
        if tags and end > start:
            spans.append((start, end, *tags))
    # Outer spans first; Telegram's entities nest, so closing in reverse order is well formed.
    spans.sort(key=lambda span: (span[0], -span[1]))
    out: list[str] = []
    open_spans: list[tuple[int, str]] = []  # (where it closes, its closing tag)
    position = 0
    for start, end, opening, closing in spans + [(len(text), len(text), "", "")]:
        while open_spans and open_spans[-1][0] <= start:
            close_at, close_tag = open_spans.pop()
            out.append(html.escape(text[position:close_at]) + close_tag)
            position = close_at
        out.append(html.escape(text[position:start]) + opening)
        position = start
        if opening:
            # A span that overlaps its parent is cut at the parent's end.
            limit = open_spans[-1][0] if open_spans else len(text)
            open_spans.append((min(end, limit), closing))
    return "".join(out)
