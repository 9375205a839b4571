"""The committed JSON Schema matches the models and the shop's names (regenerate it when they change)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nanostore.shop_catalogue import shop_catalogue, shop_json_schema
from nanostore.ui import screen_json_schema

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "screens.schema.json"
REGENERATE = "nanostore schema > docs/screens.schema.json"


def test_committed_schema_is_current():
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == shop_json_schema(), f"regenerate with: {REGENERATE}"


def test_schema_knows_widgets_and_forbids_unknown_keys():
    schema = screen_json_schema()
    widget = schema["$defs"]["WidgetEntry"]
    assert {"button", "select", "paged", "scroll", "counter"} <= set(widget["properties"])
    assert widget["additionalProperties"] is False


def offered(schema: dict, def_name: str) -> dict[str, str]:
    names = schema["$defs"][def_name]["anyOf"][0]
    return dict(zip(names["enum"], names["enumDescriptions"]))


def test_the_shop_names_are_offered_with_their_doc_lines():
    schema, catalogue = shop_json_schema(), shop_catalogue()
    conditions = offered(schema, "ConditionName")
    assert conditions["users.is_admin"] == catalogue.doc("condition", "users.is_admin")
    assert set(offered(schema, "ActionName")) == set(catalogue.names("action"))
    assert "money" in offered(schema, "InputTypeName")
    assert "Fields: lines, buttons, subtotal" in offered(schema, "GetterName")["cart.view"]


def test_every_place_that_takes_a_name_offers_them():
    schema = shop_json_schema()
    text = json.dumps(schema)
    defs = schema["$defs"]
    assert defs["ConditionRef"]["properties"]["condition"]["$ref"] == "#/$defs/ConditionName"
    assert defs["GetterRef"]["properties"]["name"]["$ref"] == "#/$defs/GetterName"
    assert defs["TextInputSpec"]["properties"]["type"]["$ref"] == "#/$defs/InputTypeName"
    assert {"$ref": "#/$defs/ActionName"} in schema["properties"]["on_start"]["anyOf"]
    assert {"$ref": "#/$defs/ActionName"} in defs["HandlerChain"]["properties"]["action"]["anyOf"]
    # a bare getter or handler name: the string beside {name, args} / the steps of a handler
    assert text.count('"#/$defs/GetterName"') >= 4 and text.count('"#/$defs/ActionName"') >= 8


def test_an_unknown_but_well_formed_name_still_validates():
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(shop_json_schema())
    screen = {"dialog": "x", "windows": {"a": {
        "text": "hi", "getter": "nope.unknown",
        "keyboard": [{"button": {"id": "b", "text": "B", "on_click": "no.action",
                                 "when": {"condition": "no.such"}}}]}}}
    assert list(validator.iter_errors(screen)) == []
    screen["windows"]["a"]["getter"] = "Not A Name"
    assert list(validator.iter_errors(screen)) != []
