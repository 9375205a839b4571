"""What a person sees: a bot message's text or caption, its media kind and its buttons."""

from __future__ import annotations

from dataclasses import dataclass

from nanostore.emulator.state import StoredMessage


def button_rows(message: StoredMessage) -> list[list[dict]]:
    markup = message.reply_markup or {}
    return markup.get("inline_keyboard") or markup.get("keyboard") or []


def label_rows(message: StoredMessage) -> list[list[str]]:
    return [[button["text"] if isinstance(button, dict) else str(button) for button in row]
            for row in button_rows(message)]


@dataclass
class Screen:
    message: StoredMessage

    @property
    def message_id(self) -> int:
        return self.message.message_id

    @property
    def text(self) -> str:
        return self.message.text if self.message.text is not None else (self.message.caption or "")

    @property
    def media_kind(self) -> str | None:
        return self.message.media_kind

    @property
    def buttons(self) -> list[list[str]]:
        return label_rows(self.message)

    @property
    def labels(self) -> list[str]:
        return [label for row in self.buttons for label in row]

    def __str__(self) -> str:
        media = f"[{self.media_kind}] " if self.media_kind else ""
        rows = "\n".join(" | ".join(row) for row in self.buttons)
        return f"{media}{self.text}\n{rows}".rstrip()
