"""Telegram's refusals in an admin's words: the one place that reads a TelegramAPIError.

Telegram answers a bad text with "Bad Request: can't parse entities: Can't find end tag
corresponding to start tag "b"" — true, but not something an owner can act on. Each admin action
that sends something an admin wrote (broadcast preview, screen texts, a refund) passes the error
and the text here and shows the sentence it gets back: what is wrong, near which words, what to
do. The raw error is logged for developers, never shown.
"""

from __future__ import annotations

import logging
import re

from aiogram.exceptions import TelegramAPIError
from markupsafe import Markup

from nanostore.ui import ActionContext

log = logging.getLogger(__name__)

NEAR_CHARS = 24
# Telegram's parse errors (TDLib's words), each with what the admin reads for it.
PARSE_PROBLEMS = (
    (re.compile(r'end tag corresponding to start tag "(?P<tag>[^"]*)"'), "unclosed_tag"),
    (re.compile(r'Unsupported start tag "(?P<tag>[^"]*)" at byte offset (?P<at>\d+)'),
     "unknown_tag"),
    (re.compile(r'Tag "(?P<tag>span)" must have class "tg-spoiler" at byte offset (?P<at>\d+)'),
     "unknown_tag"),
    (re.compile(r"Unclosed (?:start|end) tag at byte offset (?P<at>\d+)"), "lone_bracket"),
    (re.compile(r"Unexpected end tag at byte offset (?P<at>\d+)"), "stray_end_tag"),
    (re.compile(r'Unmatched end tag at byte offset (?P<at>\d+), expected "</(?P<tag>[^"]*)>", '
                r'found "</(?P<found>[^"]*)>"'), "crossed_tags"),
)
OTHER_PROBLEMS = (
    ("message is too long", "too_long"),
    ("caption is too long", "too_long"),
    ("wrong file identifier", "file_gone"),
    ("wrong remote file identifier", "file_gone"),
    ("charge_not_found", "charge_unknown"),
)


def explain(ctx: ActionContext, error: TelegramAPIError, text: str | None = None) -> Markup:
    """One sentence for the admin about why Telegram refused `text` (what they sent)."""
    log.info("Telegram refused an admin's message: %s", error)
    key, params = _problem(str(error.message), text or "")
    return ctx.t(f"admin_telegram.{key}", **params)


def _problem(description: str, text: str) -> tuple[str, dict]:
    for pattern, key in PARSE_PROBLEMS:
        match = pattern.search(description)
        if match:
            found = match.groupdict()
            at = _char_index(text, int(found["at"])) if found.get("at") else _last_open(
                text, found.get("tag") or "")
            return key, {"tag": found.get("tag") or "", "found": found.get("found") or "",
                         "near": _near(text, at)}
    lowered = description.lower()
    for needle, key in OTHER_PROBLEMS:
        if needle in lowered:
            return key, {}
    return "refused", {}


def _char_index(text: str, byte_offset: int) -> int:
    # Telegram counts UTF-8 bytes; the admin's text is characters (emoji are 4 bytes).
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


def _last_open(text: str, tag: str) -> int:
    # The tag left open is the last one of its name opened (Telegram names only the tag); the
    # words just after it are the ones the admin meant to make bold, italic, …
    found = [m.end() for m in re.finditer(rf"<{re.escape(tag)}(?:\s[^>]*)?>", text, re.IGNORECASE)]
    return found[-1] if found else 0


def _near(text: str, at: int) -> str:
    words = " ".join(text[at:at + NEAR_CHARS].split())
    return words + ("…" if len(text) > at + NEAR_CHARS else "")
