"""The JSON Schema of a screen file, for editor autocompletion (docs/screens.schema.json)."""

from __future__ import annotations

from typing import Any

from nanostore.ui.schema import DialogSpec

SCHEMA_ID = "https://nanostore.invalid/screens.schema.json"


def screen_json_schema() -> dict[str, Any]:
    schema = DialogSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "NanoStore screen (one dialog)"
    return schema
