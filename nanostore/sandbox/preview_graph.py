"""The transitions graph of all dialogs, by aiogram_dialog.tools.render_transitions: an SVG
when Graphviz's `dot` is installed, otherwise the DOT source (readable, and pasteable into
any Graphviz viewer)."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from unittest.mock import patch

from aiogram import Router
from aiogram_dialog.tools import render_transitions
from diagrams import Diagram

TITLE = "NanoStore screens"


@dataclass
class Graph:
    kind: str  # "svg" or "dot"
    content: str


def transitions_graph(router: Router) -> Graph:
    with tempfile.TemporaryDirectory(prefix="nanostore-preview-") as folder:
        base = str(Path(folder) / "transitions")
        if shutil.which("dot"):
            render_transitions(router, TITLE, filename=base, format="svg")
            return Graph("svg", Path(base + ".svg").read_text(encoding="utf-8"))
        sources: list[str] = []

        def keep_source(diagram: Diagram) -> None:
            # Instead of running `dot`: write the source file (the library deletes it after
            # rendering) and keep its text.
            diagram.dot.save()
            sources.append(diagram.dot.source)

        with patch.object(Diagram, "render", keep_source):
            render_transitions(router, TITLE, filename=base, format="svg")
        return Graph("dot", sources[0])
