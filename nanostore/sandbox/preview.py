"""`nanostore preview`: one static HTML page with every window (text, buttons, media
placeholder) and the transitions graph, for reviewing screen changes in a pull request."""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from nanostore.bot.screens import load_shop_bundle
from nanostore.sandbox.preview_graph import transitions_graph
from nanostore.sandbox.preview_windows import preview_dispatcher, render_windows
from nanostore.ui.layers import Folders

TEMPLATE = "preview_page.html.j2"


async def preview_html(screens_dir: Folders, locales_dir: Folders, default_locale: str = "en") -> str:
    bundle = load_shop_bundle(screens_dir, locales_dir, default_locale=default_locale)
    dispatcher = preview_dispatcher(bundle)
    dialogs = await render_windows(bundle, dispatcher)
    graph = await asyncio.to_thread(transitions_graph, dispatcher)
    windows = [window for dialog in dialogs for window in dialog.windows]
    # The page's own autoescaping escapes everything but the texts, which are already safe.
    env = Environment(loader=FileSystemLoader(Path(__file__).parent), autoescape=True)
    return env.get_template(TEMPLATE).render(
        dialogs=dialogs, graph=graph, locale=default_locale, window_count=len(windows),
        error_count=sum(1 for window in windows if window.error),
        graph_base64=base64.b64encode(graph.content.encode()).decode() if graph.kind == "svg" else "")


def write_preview(output: Path, screens_dir: Folders, locales_dir: Folders,
                  default_locale: str = "en") -> str:
    page = asyncio.run(preview_html(screens_dir, locales_dir, default_locale))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    windows = page.count('<article class="window"')
    return f"wrote {output} ({windows} windows)"
