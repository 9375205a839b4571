"""The committed JSON Schema matches the models (regenerate it when they change)."""

from __future__ import annotations

import json
from pathlib import Path

from nanostore.ui import screen_json_schema

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "screens.schema.json"
REGENERATE = ("python3 -c \"import json; from nanostore.ui import screen_json_schema; "
              "open('docs/screens.schema.json','w').write(json.dumps(screen_json_schema(), "
              "indent=2, ensure_ascii=False, sort_keys=True)+'\\n')\"")


def test_committed_schema_is_current():
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == screen_json_schema(), f"regenerate with: {REGENERATE}"


def test_schema_knows_widgets_and_forbids_unknown_keys():
    schema = screen_json_schema()
    widget = schema["$defs"]["WidgetEntry"]
    assert {"button", "select", "paged", "scroll", "counter"} <= set(widget["properties"])
    assert widget["additionalProperties"] is False
