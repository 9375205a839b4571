"""What people send besides text, photos and documents, and their edits: stickers, shared
contacts and locations, voice and round video notes, edited messages. A bot has to take each
calmly wherever it waits for something else, so tests need them in Telegram's real shapes
(https://core.telegram.org/bots/api#message)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nanostore.emulator.files import store_file
from nanostore.emulator.state import StoredMessage

if TYPE_CHECKING:
    from nanostore.emulator.core import Core
    from nanostore.emulator.emulator import Emulator

# The smallest files that still look like what they are (WebP, Ogg, MP4 signatures).
TINY_WEBP = b"RIFF\x0c\x00\x00\x00WEBPVP8 "
TINY_OGG = b"OggS\x00\x02" + bytes(20)
TINY_MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


class OddMessages:
    """Mixed into Person, which provides emulator, id, _core and _post()."""

    if TYPE_CHECKING:  # Person's (people.py), declared for type checkers only
        emulator: Emulator

        @property
        def id(self) -> int: ...
        @property
        def _core(self) -> Core: ...
        async def _post(self, **fields: Any) -> StoredMessage: ...

    async def send_sticker(self, emoji: str = "👍", *, set_name: str | None = "NanoStoreTest",
                           content: bytes = TINY_WEBP) -> StoredMessage:
        extra = {"emoji": emoji} | ({"set_name": set_name} if set_name else {})
        stored = store_file(self.emulator.state, "sticker", content, "sticker.webp",
                            "image/webp", **extra)
        return await self._post(media_kind="sticker", file=stored)

    async def send_contact(self, phone: str, first_name: str, *, last_name: str | None = None,
                           user_id: int | None = None) -> StoredMessage:
        """A shared contact; ``user_id=person.id`` is what a request_contact button sends."""
        contact: dict[str, str | int] = {"phone_number": phone, "first_name": first_name}
        if last_name:
            contact["last_name"] = last_name
        if user_id is not None:
            contact["user_id"] = user_id
        return await self._post(extra={"contact": contact})

    async def send_location(self, latitude: float, longitude: float, *,
                            horizontal_accuracy: float | None = None) -> StoredMessage:
        location = {"latitude": latitude, "longitude": longitude}
        if horizontal_accuracy is not None:
            location["horizontal_accuracy"] = horizontal_accuracy
        return await self._post(extra={"location": location})

    async def send_voice(self, duration: int = 3, *, content: bytes = TINY_OGG,
                         caption: str | None = None) -> StoredMessage:
        stored = store_file(self.emulator.state, "voice", content, "voice.ogg", "audio/ogg",
                            duration=duration)
        return await self._post(media_kind="voice", file=stored, caption=caption)

    async def send_video_note(self, duration: int = 3, *, length: int = 240,
                              content: bytes = TINY_MP4) -> StoredMessage:
        stored = store_file(self.emulator.state, "video_note", content, "video_note.mp4",
                            "video/mp4", duration=duration, length=length)
        return await self._post(media_kind="video_note", file=stored)

    async def edit_message(self, message: StoredMessage, new_text: str) -> StoredMessage:
        """Edits a message this person sent (its text, or its caption for media) and sends
        the bot the edited_message update Telegram sends."""
        if message.from_bot or message.sender_id != self.id:
            raise ValueError("a person can only edit a message they sent")
        if message.text is None and message.media_kind is None:
            raise ValueError("only a text or a caption can be edited")
        if message.text is not None:
            message.text, message.entities = new_text, []
        else:
            message.caption, message.caption_entities = new_text, []
        message.edit_date = self.emulator.state.now()
        self._core.push_update("edited_message", self._core.render(message), chat_id=self.id)
        await self.emulator.settle()
        return message
