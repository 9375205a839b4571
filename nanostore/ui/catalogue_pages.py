"""The catalogue for people: a plain list for the terminal and a Markdown page for docs/."""

from __future__ import annotations

from nanostore.ui.catalogue import Catalogue

# Kind -> (title, how a screen file uses it).
SECTIONS = {
    "getter": ("Getters", "data for a window: `getter: name`; its fields are the names the texts use"),
    "action": ("Actions", "what a tap or an input does: `on_click: name` or `action: name`"),
    "condition": ("Conditions", "show a widget only sometimes: `when: {condition: name}`"),
    "input_type": ("Input types", "what typed text must be: `text_input: {type: name}`"),
    "filter": ("Filters", "change a value in a text: `{{ value | name }}`"),
    "access": ("Access", "who may use a dialog, window or button: `access: name`"),
}


def catalogue_text(catalogue: Catalogue) -> str:
    lines: list[str] = []
    for kind, (title, usage) in SECTIONS.items():
        names = catalogue.names(kind)
        lines += [f"{title} ({len(names)}): {usage}", ""]
        for name in names:
            doc = catalogue.doc(kind, name)
            lines.append(f"  {name}" + (f" — {doc}" if doc else ""))
            if kind == "getter":
                lines.append(f"      fields: {', '.join(catalogue.getter_fields(name)) or '?'}")
        lines.append("")
    return "\n".join(lines)


def catalogue_markdown(catalogue: Catalogue, regenerate: str) -> str:
    lines = ["# What screens can use", "",
             "Every name a screen file may refer to, with what it is. "
             f"Generated: do not edit, run `{regenerate}`.", ""]
    for kind, (title, usage) in SECTIONS.items():
        lines += [f"## {title}", "", usage[0].upper() + usage[1:] + ".", ""]
        lines += _table(catalogue, kind) + [""]
    return "\n".join(lines)


def _table(catalogue: Catalogue, kind: str) -> list[str]:
    getters = kind == "getter"
    rows = ["| name | what it is | fields |" if getters else "| name | what it is |",
            "|---|---|---|" if getters else "|---|---|"]
    for name in catalogue.names(kind):
        cells = [f"`{name}`", _cell(catalogue.doc(kind, name))]
        if getters:
            cells.append(", ".join(f"`{field}`" for field in catalogue.getter_fields(name)))
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
