"""The JSON Schema of a screen file, for editor autocompletion (docs/screens.schema.json).

Given a catalogue, the places that take a getter, action, condition or input type name offer
the known names with their doc lines. Any other well-formed name still validates: the checker,
not the editor, reports unknown names, with a did-you-mean.
"""

from __future__ import annotations

from typing import Any, Protocol

from nanostore.ui.registry import NAMESPACED
from nanostore.ui.schema import DialogSpec

SCHEMA_ID = "https://nanostore.invalid/screens.schema.json"
INPUT_TYPE_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"  # `money` or `feature.name`
NAME_DEFS = {  # kind -> ($defs entry, what the name is)
    "getter": ("GetterName", "a getter: where the window's data comes from"),
    "action": ("ActionName", "an action: what a tap or an input does"),
    "condition": ("ConditionName", "a condition: whether the widget is shown"),
    "input_type": ("InputTypeName", "an input type: what the typed text must be"),
}


class NameSource(Protocol):
    def names(self, kind: str) -> list[str]: ...
    def doc(self, kind: str, name: str) -> str: ...
    def getter_fields(self, name: str) -> tuple[str, ...]: ...


def screen_json_schema(catalogue: NameSource | None = None) -> dict[str, Any]:
    schema = DialogSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "NanoStore screen (one dialog)"
    if catalogue is not None:
        offer_names(schema, catalogue)
    return schema


def offer_names(schema: dict[str, Any], catalogue: NameSource) -> None:
    defs = schema["$defs"]
    for kind, (def_name, what) in NAME_DEFS.items():
        defs[def_name] = _names_schema(catalogue, kind, what)
    # A name or a mapping: the string alternative beside {name, args} is a getter, beside the
    # steps of a handler an action (in a `when`, the string is a Jinja expression: left alone).
    _name_beside(schema, "#/$defs/GetterRef", _ref("getter"))
    _name_beside(schema, "#/$defs/HandlerChain", _ref("action"))
    _name_in(defs["GetterRef"]["properties"], "name", "getter")
    _name_in(defs["HandlerChain"]["properties"], "action", "action")
    for hook in ("on_start", "on_close", "on_process_result"):
        _name_in(schema["properties"], hook, "action")
    _name_in(defs["ConditionRef"]["properties"], "condition", "condition")
    _name_in(defs["TextInputSpec"]["properties"], "type", "input_type")


def _names_schema(catalogue: NameSource, kind: str, what: str) -> dict[str, Any]:
    names = catalogue.names(kind)
    pattern = INPUT_TYPE_PATTERN if kind == "input_type" else NAMESPACED.pattern
    return {"description": f"The name of {what}.",
            "anyOf": [{"enum": names, "enumDescriptions": [_describe(catalogue, kind, name)
                                                           for name in names]},
                      {"type": "string", "pattern": pattern}]}


def _describe(catalogue: NameSource, kind: str, name: str) -> str:
    doc = catalogue.doc(kind, name)
    if kind != "getter":
        return doc
    fields = ", ".join(catalogue.getter_fields(name))
    return " ".join(part for part in (doc, f"Fields: {fields}." if fields else "") if part)


def _ref(kind: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{NAME_DEFS[kind][0]}"}


def _name_in(properties: dict[str, Any], key: str, kind: str) -> None:
    """A property that is a plain string, or a string-or-null, takes the name of `kind`."""
    prop = properties[key]
    alternatives = prop.get("anyOf")
    if alternatives is None:
        prop.pop("type", None)
        prop.update(_ref(kind))
        return
    prop["anyOf"] = [_ref(kind) if item == {"type": "string"} else item for item in alternatives]


def _name_beside(node: Any, mapping_ref: str, name_ref: dict[str, str]) -> None:
    if isinstance(node, list):
        for item in node:
            _name_beside(item, mapping_ref, name_ref)
        return
    if not isinstance(node, dict):
        return
    for key in ("oneOf", "anyOf"):
        alternatives = node.get(key)
        if isinstance(alternatives, list) and {"$ref": mapping_ref} in alternatives:
            node[key] = [name_ref if item == {"type": "string"} else item for item in alternatives]
    for value in node.values():
        _name_beside(value, mapping_ref, name_ref)
