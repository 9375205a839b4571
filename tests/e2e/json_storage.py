"""Memory storage that round-trips everything through JSON, as Redis would: a dialog that puts
a non-JSON value into dialog_data or start_data fails here, not in production."""

from __future__ import annotations

import json
from typing import Any

from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.memory import MemoryStorage


class JsonMemoryStorage(MemoryStorage):
    async def set_data(self, key: StorageKey, data: Any) -> None:
        await super().set_data(key, json.loads(json.dumps(data)))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return json.loads(json.dumps(await super().get_data(key)))
