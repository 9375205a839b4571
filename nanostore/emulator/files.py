"""Files: uploads get a file_id kept with their bytes; file_ids and URLs can be sent again.

getFile answers a file_path that /file/bot<token>/<file_path> serves, as the real API does.
"""

from __future__ import annotations

import itertools
import mimetypes
import secrets

from nanostore.emulator import telegram_errors as errors
from nanostore.emulator.params import Params, Upload
from nanostore.emulator.state import EmulatorState, StoredFile

_file_numbers = itertools.count(1)
KIND_FOLDERS = {"photo": "photos", "document": "documents", "video": "videos",
                "voice": "voice", "animation": "animations", "sticker": "stickers",
                "video_note": "video_notes"}
DEFAULT_NAMES = {"photo": "photo.jpg", "document": "file.bin", "video": "video.mp4",
                 "voice": "voice.ogg", "animation": "animation.mp4", "sticker": "sticker.webp",
                 "video_note": "video_note.mp4"}


def store_file(state: EmulatorState, kind: str, content: bytes, file_name: str | None = None,
               mime_type: str | None = None, **attributes) -> StoredFile:
    number = next(_file_numbers)
    name = file_name or DEFAULT_NAMES.get(kind, "file.bin")
    extension = name.rsplit(".", 1)[-1] if "." in name else "bin"
    stored = StoredFile(
        file_id=f"{kind[:2].upper()}AC{secrets.token_urlsafe(30)}",
        file_unique_id=f"AQAD{secrets.token_urlsafe(9)}",
        kind=kind,
        content=content,
        file_name=name,
        mime_type=mime_type or mimetypes.guess_type(name)[0] or "application/octet-stream",
        file_path=f"{KIND_FOLDERS.get(kind, 'documents')}/file_{number}.{extension}",
        attributes=attributes,
    )
    state.files[stored.file_id] = stored
    return stored


def resolve_input_file(state: EmulatorState, params: Params, value, kind: str) -> StoredFile:
    """An InputFile parameter: an uploaded part, "attach://<part>", a file_id or an HTTP URL."""
    if isinstance(value, Upload):
        return store_file(state, kind, value.content, value.filename, value.content_type)
    if not isinstance(value, str) or not value:
        raise errors.bad_request(f"there is no {kind} in the request")
    if value.startswith("attach://"):
        upload = params.uploads.get(value.removeprefix("attach://"))
        if upload is None:
            raise errors.bad_request(f"can't find attached file \"{value}\"")
        return store_file(state, kind, upload.content, upload.filename, upload.content_type)
    if value.startswith(("http://", "https://")):
        # The emulator never fetches URLs: the file exists, empty, named after the URL.
        return store_file(state, kind, b"", value.rsplit("/", 1)[-1] or None)
    if value not in state.files:
        raise errors.bad_request(errors.WRONG_FILE_IDENTIFIER)
    return state.files[value]


def input_file_param(state: EmulatorState, params: Params, name: str, kind: str) -> StoredFile:
    value = params.uploads.get(name) or params.raw(name)
    if value in (None, ""):
        raise errors.parameter_missing(name)
    return resolve_input_file(state, params, value, kind)


def file_to_api(stored: StoredFile) -> dict:
    """The Bot API object of a file (PhotoSize, Voice, Sticker...), with its attributes."""
    return _shape(stored) | stored.attributes


def _shape(stored: StoredFile) -> dict:
    base = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content)}
    if stored.kind == "photo":
        return base | {"width": 800, "height": 600}
    if stored.kind == "sticker":
        return base | {"type": "regular", "width": 512, "height": 512, "is_animated": False,
                       "is_video": False}
    if stored.kind == "video_note":
        return base | {"length": 240, "duration": 1}
    if stored.kind in ("video", "animation"):
        base |= {"width": 640, "height": 480, "duration": 1}
    if stored.kind == "voice":
        return base | {"duration": 1, "mime_type": stored.mime_type}
    return base | {"file_name": stored.file_name, "mime_type": stored.mime_type}


def media_field(stored: StoredFile) -> dict | list:
    """How a message carries its file: photos are a list of sizes, others one object."""
    return [file_to_api(stored)] if stored.kind == "photo" else file_to_api(stored)


async def get_file(core, params: Params) -> dict:
    file_id = params.required_str("file_id")
    stored = core.state.files.get(file_id)
    if stored is None:
        raise errors.bad_request(errors.INVALID_FILE_ID)
    return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content), "file_path": stored.file_path}


def find_by_path(state: EmulatorState, file_path: str) -> StoredFile | None:
    return next((f for f in state.files.values() if f.file_path == file_path), None)


METHODS = {"getFile": get_file}
